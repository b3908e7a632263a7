import { getBot, sharedMemory } from 'liteyuki-comm'

const bot = getBot()
bot.addProcess('nonebot', new URL('./child.js', import.meta.url))

// 子进程请求重启；主进程在重启前后运行这两个钩子。
bot.onBeforeRestart(name => console.log(`restarting ${name}...`))
bot.onAfterRestart(async (name) => {
  console.log(`${name} restarted`)
  // 新一代子进程把自己计入之后，示例就结束了。
  while (await sharedMemory.get('generation') !== 2) await new Promise(resolve => setTimeout(resolve, 50))
  await bot.stop()
})

await sharedMemory.set('generation', 0)
await bot.start()
