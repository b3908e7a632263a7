import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts: every worker holds its own end of 'jobs'.
getChannel<number>('jobs').onReceive((job) => {
  console.log(`${processName} took job ${job}`)
})
// #endregion worker
