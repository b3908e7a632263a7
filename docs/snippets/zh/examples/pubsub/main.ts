import { getBot, getChannel, sharedMemory } from 'liteyuki-comm'

const bot = getBot()
for (const name of ['plugin-a', 'plugin-b']) {
  bot.addProcess(name, new URL('./child.js', import.meta.url))
}

// 主进程也订阅：一次发布会送达每个进程中的每个订阅者。
sharedMemory.onSubscriberReceive<string>('announcements', (text) => {
  console.log(`main got: ${text}`)
})

bot.onAfterStart(async () => {
  // 等两个子进程都报告已订阅。
  for (const name of ['plugin-a', 'plugin-b']) await getChannel(`${name}-active`).receive()
  await sharedMemory.publish('announcements', 'Liteyuki is up')
  await new Promise(resolve => setTimeout(resolve, 300))
  await bot.stop()
})
await bot.start()
