import { processName } from 'liteyuki-comm'
import { channels } from './messages.js'

// #region child
const reports = channels.reports()

channels.jobs().onReceive((job) => {
  // `job` 的类型是 Job：`job.width` 是数字，字段名拼错就无法通过编译。
  if (job.width > 300) reports.send({ kind: 'failed', id: job.id, by: processName, reason: `width ${job.width} is over 300` })
  else reports.send({ kind: 'done', id: job.id, by: processName })
})
// #endregion child
