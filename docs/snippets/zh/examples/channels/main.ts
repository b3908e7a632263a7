import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()
// 添加进程时会创建它的通道 'nonebot-active' 和 'nonebot-passive'。
bot.addProcess('nonebot', new URL('./child.js', import.meta.url))

// getChannel 的参数是通道注册时使用的名称。
const channelPassive = getChannel<string>('nonebot-passive')
const channelActive = getChannel<string>('nonebot-active')

// 在 bot 启动后运行。
bot.onAfterStart(async () => {
  for (let round = 0; round < 3; round++) {
    channelPassive.send('I am liteyuki main process passive')
    channelActive.send('I am liteyuki main process active')
    await new Promise(resolve => setTimeout(resolve, 1000)) // 每秒一次
  }
  console.log('Sent 3 rounds, stopping')
  await bot.stop()
})

await bot.start()
