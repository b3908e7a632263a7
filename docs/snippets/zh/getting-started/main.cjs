// CommonJS，无需构建：node main.cjs
const { join } = require('node:path')
const { getBot, getChannel } = require('liteyuki-comm')

const bot = getBot()
// 添加进程时会创建它的通道 'nonebot-active' 和 'nonebot-passive'。
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

// CommonJS 不支持顶层 await：启动失败时，进程仍要以错误结束。
bot.start().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
