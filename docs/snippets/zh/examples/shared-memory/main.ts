import { getBot, sharedMemory } from 'liteyuki-comm'

const bot = getBot()
for (const name of ['counter-a', 'counter-b', 'counter-c']) {
  bot.addProcess(name, new URL('./child.js', import.meta.url))
}

await sharedMemory.set('key', 'value') // 写入一个值
console.log(`main reads: ${await sharedMemory.get('key')}`) // 再读出来

bot.onAfterStart(async () => {
  // 每个子进程各加 100 次；update 是原子操作，一次也不会丢。
  while ((await sharedMemory.get('finished', 0)) < 3) await new Promise(resolve => setTimeout(resolve, 50))
  console.log(`count = ${await sharedMemory.get('count')}`)
  await bot.stop()
})
await bot.start()
