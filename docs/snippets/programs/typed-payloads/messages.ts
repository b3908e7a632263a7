import { Channel, getChannel, setChannels } from 'liteyuki-comm'

// #region messages
/** What main asks of a worker. */
export interface Job {
  id: number
  width: number
}

/** What a worker reports back: `kind` tells the cases apart. */
export type Report = { kind: 'done'; id: number; by: string } | { kind: 'failed'; id: number; by: string; reason: string }

/** Each channel's name and type in one place, so that a typo is a compile error rather than another channel. */
export const channels = {
  jobs: (): Channel<Job> => getChannel<Job>('jobs'),
  reports: (): Channel<Report> => getChannel<Report>('reports'),
}

/** In main, before the children start. */
export function registerChannels(): void {
  setChannels({ jobs: new Channel<Job>('jobs'), reports: new Channel<Report>('reports') })
}
// #endregion messages

// #region guard
/** The types are gone at run time: where a sender may run other code than yours, check what arrives. */
export function isReport(data: unknown): data is Report {
  if (typeof data !== 'object' || data === null) return false
  const { kind, id, by, reason } = data as Record<string, unknown>
  if (typeof id !== 'number' || typeof by !== 'string') return false
  return kind === 'done' || (kind === 'failed' && typeof reason === 'string')
}
// #endregion guard
