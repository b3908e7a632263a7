// CommonJS, no build step: node main.cjs
const { join } = require('node:path')
const { getBot, getChannel } = require('liteyuki-comm')

const bot = getBot()
// Adding a process creates its channels 'nonebot-active' and 'nonebot-passive'.
bot.addProcess('nonebot', join(__dirname, 'child.cjs'))

const channelPassive = getChannel('nonebot-passive')
const channelActive = getChannel('nonebot-active')

bot.onAfterStart(async () => {
  for (let round = 0; round < 3; round++) {
    channelPassive.send('I am liteyuki main process passive')
    channelActive.send('I am liteyuki main process active')
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  console.log('Sent 3 rounds, stopping')
  await bot.stop()
})

// CommonJS has no top-level await: a failed start must still end the process with an error.
bot.start().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
