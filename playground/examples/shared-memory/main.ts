import { getBot, sharedMemory } from 'liteyuki-comm'

const bot = getBot()
for (const name of ['counter-a', 'counter-b', 'counter-c']) {
  bot.addProcess(name, new URL('./child.js', import.meta.url))
}

await sharedMemory.set('key', 'value') // set a value
console.log(`main reads: ${await sharedMemory.get('key')}`) // get it back

bot.onAfterStart(async () => {
  // Each child increments 100 times; update is atomic, so none is lost.
  while ((await sharedMemory.get('finished', 0)) < 3) await new Promise(resolve => setTimeout(resolve, 50))
  console.log(`count = ${await sharedMemory.get('count')}`)
  await bot.stop()
})
await bot.start()
