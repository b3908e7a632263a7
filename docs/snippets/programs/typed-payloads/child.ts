import { processName } from 'liteyuki-comm'
import { channels } from './messages.js'

// #region child
const reports = channels.reports()

channels.jobs().onReceive((job) => {
  // `job` is a Job: `job.width` is a number, and a misspelt field does not compile.
  if (job.width > 300) reports.send({ kind: 'failed', id: job.id, by: processName, reason: `width ${job.width} is over 300` })
  else reports.send({ kind: 'done', id: job.id, by: processName })
})
// #endregion child
