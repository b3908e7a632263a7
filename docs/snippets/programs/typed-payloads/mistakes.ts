// Type-checked, never run: each line is a mistake the compiler catches.
import { channels } from './messages.js'

// #region mistakes
// @ts-expect-error: 'width' is missing
channels.jobs().send({ id: 5 })
// @ts-expect-error: a report has no kind 'started'
channels.reports().send({ kind: 'started', id: 5, by: 'main' })
// @ts-expect-error: 'reason' exists only once `kind` is 'failed'
channels.reports().onReceive(report => console.log(report.reason))
// #endregion mistakes
