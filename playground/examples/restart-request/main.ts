import { getBot, sharedMemory } from 'liteyuki-comm'

const bot = getBot()
bot.addProcess('nonebot', new URL('./child.js', import.meta.url))

// The child asks to be restarted; main runs these hooks around the restart.
bot.onBeforeRestart(name => console.log(`restarting ${name}...`))
bot.onAfterRestart(async (name) => {
  console.log(`${name} restarted`)
  // Once the new generation has counted itself, the example is over.
  while (await sharedMemory.get('generation') !== 2) await new Promise(resolve => setTimeout(resolve, 50))
  await bot.stop()
})

await sharedMemory.set('generation', 0)
await bot.start()
