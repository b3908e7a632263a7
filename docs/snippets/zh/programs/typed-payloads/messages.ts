import { Channel, getChannel, setChannels } from 'liteyuki-comm'

// #region messages
/** 主进程交给工作进程的任务。 */
export interface Job {
  id: number
  width: number
}

/** 工作进程的报告：用 `kind` 区分不同情况。 */
export type Report = { kind: 'done'; id: number; by: string } | { kind: 'failed'; id: number; by: string; reason: string }

/** 每个通道的名称和类型集中在一处：名称写错会编译失败，而不是悄悄变成另一个通道。 */
export const channels = {
  jobs: (): Channel<Job> => getChannel<Job>('jobs'),
  reports: (): Channel<Report> => getChannel<Report>('reports'),
}

/** 在主进程中、子进程启动之前调用。 */
export function registerChannels(): void {
  setChannels({ jobs: new Channel<Job>('jobs'), reports: new Channel<Report>('reports') })
}
// #endregion messages

// #region guard
/** 运行时类型已被擦除：发送方运行的可能不是你的代码时，要检查收到的内容。 */
export function isReport(data: unknown): data is Report {
  if (typeof data !== 'object' || data === null) return false
  const { kind, id, by, reason } = data as Record<string, unknown>
  if (typeof id !== 'number' || typeof by !== 'string') return false
  return kind === 'done' || (kind === 'failed' && typeof reason === 'string')
}
// #endregion guard
