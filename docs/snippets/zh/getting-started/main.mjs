// 纯 JavaScript，无需构建：node main.mjs
import { getBot, getChannel } from 'liteyuki-comm'

const bot = getBot()
// 添加进程时会创建它的通道 'nonebot-active' 和 'nonebot-passive'。
bot.addProcess('nonebot', new URL('./child.mjs', import.meta.url))

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

await bot.start()
