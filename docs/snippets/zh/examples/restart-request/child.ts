import { requestRestart, sharedMemory } from 'liteyuki-comm'

// 存储比子进程活得久，所以每一代子进程都知道自己是第几代。
const generation = (await sharedMemory.update<number>('generation', n => (n ?? 0) + 1))!
console.log(`generation ${generation} started`)

if (generation === 1) {
  console.log('a user asked to restart the bot')
  requestRestart()
}
