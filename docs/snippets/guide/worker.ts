import { setTimeout as sleep } from 'node:timers/promises'
import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts: every worker holds its own end of 'jobs'.
getChannel<number>('jobs').onReceive(async (job) => {
  await sleep(50) // a job takes a moment
  console.log(`${processName} did job ${job}`)
})
getChannel<string>('ready').send(processName)
// #endregion worker
