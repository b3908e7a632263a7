import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()
bot.addProcess('calculator', new URL('./child.js', import.meta.url))
const channel = getChannel<number>('calculator-active')

bot.onAfterStart(async () => {
  // The channel is full-duplex: main's questions go to the child, its answers come back.
  for (const n of [3, 4, 5]) {
    channel.send(n)
    const square = await channel.receive({ timeout: 5000 })
    console.log(`${n}² = ${square}`)
  }
  await bot.stop()
})
await bot.start()
