import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()
// Adding a process creates its channels 'nonebot-active' and 'nonebot-passive'.
bot.addProcess('nonebot', new URL('./child.js', import.meta.url))

// getChannel takes the name the channel was registered under.
const channelPassive = getChannel<string>('nonebot-passive')
const channelActive = getChannel<string>('nonebot-active')

// Runs once the bot has started.
bot.onAfterStart(async () => {
  for (let round = 0; round < 3; round++) {
    channelPassive.send('I am liteyuki main process passive')
    channelActive.send('I am liteyuki main process active')
    await new Promise(resolve => setTimeout(resolve, 1000)) // once a second
  }
  console.log('Sent 3 rounds, stopping')
  await bot.stop()
})

await bot.start()
