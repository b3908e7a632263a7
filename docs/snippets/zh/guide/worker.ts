import { setTimeout as sleep } from 'node:timers/promises'
import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts：每个 worker 进程都有自己在 'jobs' 上的端。
getChannel<number>('jobs').onReceive(async (job) => {
  await sleep(50) // 每个任务都要花一点时间
  console.log(`${processName} did job ${job}`)
})
getChannel<string>('ready').send(processName)
// #endregion worker
