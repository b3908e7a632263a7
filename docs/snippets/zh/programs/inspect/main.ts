import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()

// #region inspect
// 调试时使用：每次状态变化、每条消息、每次写入共享内存和每次发布各打印一行。
const stopInspecting = bot.inspect((event) => {
  if (event.type === 'process') console.log(`[inspect] ${event.name} is ${event.state}`)
  else if (event.type === 'message') console.log(`[inspect] ${event.from} -> ${event.to} on ${event.channel}: ${event.preview}`)
  else if (event.type === 'store') console.log(`[inspect] ${event.by} ${event.op}s '${event.key}'`)
  else if (event.type === 'publish') console.log(`[inspect] ${event.from} publishes on '${event.topic}' to ${event.subscribers.length} subscriber(s)`)
})
// #endregion inspect

// #region run
bot.addProcess('echo', new URL('./child.js', import.meta.url))
await bot.start()
getChannel('echo-active').send({ text: 'ping' })
console.log('main got', await getChannel('echo-passive').receive())
// #endregion run

// #region stop-inspecting
stopInspecting()
// #endregion stop-inspecting
await bot.stop()
