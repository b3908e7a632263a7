import { onStop, requestRestart, sharedMemory } from 'liteyuki-comm'

// 存储比子进程活得久，所以每一代子进程都知道自己是第几代。
const generation = (await sharedMemory.update<number>('generation', n => (n ?? 0) + 1))!
console.log(`generation ${generation} started`)

// 主进程停止或重启这个进程时运行：在这里做清理工作。
onStop(() => console.log(`generation ${generation} cleaning up`))

if (generation === 1) {
  console.log('a user asked to restart the bot')
  requestRestart()
}
