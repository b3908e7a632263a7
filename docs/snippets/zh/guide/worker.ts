import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts：每个 worker 进程都有自己在 'jobs' 上的端。
getChannel<number>('jobs').onReceive((job) => {
  console.log(`${processName} took job ${job}`)
})
// #endregion worker
