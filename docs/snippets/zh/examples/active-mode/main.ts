import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()
bot.addProcess('calculator', new URL('./child.js', import.meta.url))
const channel = getChannel<number>('calculator-active')

bot.onAfterStart(async () => {
  // 通道是全双工的：主进程的问题发给子进程，子进程的回答再发回来。
  for (const n of [3, 4, 5]) {
    channel.send(n)
    const square = await channel.receive({ timeout: 5000 })
    console.log(`${n}² = ${square}`)
  }
  await bot.stop()
})
await bot.start()
