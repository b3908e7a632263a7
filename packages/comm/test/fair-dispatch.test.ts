// A work queue is shared: 30 jobs of 50 ms sent before any of 3 workers
// listens are split between them, whichever listens first, in every receive
// mode and with prefetch 0. (How fast the backlog finishes is measured by
// bench/fair-dispatch.mjs, not here.)
import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, setChannel, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

type Report = { ready: string } | { listening: string } | { worker: string; job: number }

const CASES = [
  { mode: 'passive', prefetch: undefined },
  { mode: 'passive', prefetch: 0 },
  { mode: 'receive', prefetch: undefined },
  { mode: 'receive', prefetch: 0 },
  { mode: 'for-await', prefetch: undefined },
] as const

describe('a work queue shares a backlog between its workers', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  for (const [index, { mode, prefetch }] of CASES.entries()) {
    it(`30 jobs sent before 3 workers listen (${mode}${prefetch === 0 ? ', prefetch 0' : ''}): each job done once, no worker more than 12`, async () => {
      const name = `fair-${index}`
      const jobs = new Channel<number>(name, prefetch === 0 ? { prefetch: 0 } : {})
      setChannel(name, jobs)
      const done = new Channel<Report>(`${name}-done`)
      setChannel(`${name}-done`, done)
      const workers = ['a', 'b', 'c'].map(letter => `${name}-${letter}`)
      for (const worker of workers) bot.addProcess(worker, fixture('fair-worker.mjs'), { args: [name, mode] })
      await Promise.all(workers.map(worker => bot.startProcess(worker)))
      const ready: string[] = []
      while (ready.length < 3) ready.push(((await done.receive({ timeout: 30_000 })) as { ready: string }).ready)
      // The backlog is there before any worker listens; then they all begin at once.
      for (let job = 0; job < 30; job++) jobs.send(job)
      await sharedMemory.publish(`${name}-go`, true)

      const listening: string[] = []
      const byWorker = new Map<string, number[]>(workers.map(worker => [worker, []]))
      let finished = 0
      while (finished < 30) {
        // A hang bound only: the backlog takes about half a second.
        const report = await done.receive({ timeout: 30_000 })
        if ('listening' in report) listening.push(report.listening)
        else if ('worker' in report) {
          byWorker.get(report.worker)!.push(report.job)
          finished++
        }
      }
      expect([...listening].sort()).toEqual(workers)
      const all = [...byWorker.values()].flat().sort((x, y) => x - y)
      expect(all).toEqual([...Array(30).keys()])
      const counts = [...byWorker.values()].map(list => list.length)
      expect(Math.max(...counts), `jobs per worker: ${counts.join('/')}`).toBeLessThanOrEqual(12)
      await Promise.all(workers.map(worker => bot.stopProcess(worker)))
    })
  }
})
