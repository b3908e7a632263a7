// 只做类型检查，从不运行：每一行都是编译器能发现的错误。
import { channels } from './messages.js'

// #region mistakes
// @ts-expect-error：缺少 'width'
channels.jobs().send({ id: 5 })
// @ts-expect-error：报告没有 'started' 这种 kind
channels.reports().send({ kind: 'started', id: 5, by: 'main' })
// @ts-expect-error：只有 `kind` 为 'failed' 时才有 'reason'
channels.reports().onReceive(report => console.log(report.reason))
// #endregion mistakes
