import { until } from '../../comm/test/helpers.js'
import { readLog, type LogEntry, type MainProcess } from './mains.js'

/** What the children of a cluster test accepted and used, read from their log. */
export function delivered(log: string) {
  const entries = readLog(log)
  const got = entries.filter(e => e.event === 'got')
  const accepted = new Set(entries.filter(e => e.event === 'accepted').map(e => e.n!))
  const used = new Set(got.map(e => e.n!))
  const copies = new Map<number, LogEntry[]>()
  for (const e of got) copies.set(e.n!, [...(copies.get(e.n!) ?? []), e])
  return {
    got,
    accepted,
    /** Accepted and never used. */
    lost: [...accepted].filter(n => !used.has(n)),
    /** Used more than once unflagged: every copy but one must say it is a redelivery. */
    unflaggedTwice: [...copies].filter(([, all]) => all.filter(e => !e.redelivered).length > 1).map(([n]) => n),
    twice: [...copies].filter(([, all]) => all.length > 1).length,
    /** Per end, whether the messages it got first time (not flagged) came in the order sent. Only passive ends see the flag. */
    inOrder: [...new Set(got.map(e => e.name))].every(name => {
      const ns = got.filter(e => e.name === name && !e.redelivered).map(e => e.n!)
      return ns.every((n, i) => i === 0 || n > ns[i - 1]!)
    }),
  }
}

/** Kills the main with SIGKILL, then waits until every message a child saw accepted was used somewhere. */
export async function killAndAwaitAll(main: MainProcess, log: string): Promise<ReturnType<typeof delivered>> {
  main.process.kill('SIGKILL')
  await main.exited
  const accepted = delivered(log).accepted.size
  await until(
    () => delivered(log).lost.length === 0,
    // A bound for hangs: slow consumers work off a backlog after a takeover, on a loaded machine.
    150_000,
    () => `every accepted message used; ${delivered(log).lost.length} of ${accepted} still missing`,
  )
  return delivered(log)
}
