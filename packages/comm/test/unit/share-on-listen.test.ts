// An end that begins to listen gets a share of a backlog the other ends took
// ahead and have not begun: main asks them to give it back ('share'). The
// clock is the test's: a slow job moves it on by twice the read-ahead time.
import { describe, expect, it } from 'vitest'
import type { Frame } from '../../src/protocol/frames.js'
import { addEnd, settle, world } from './harness.js'
import { testClock, worker } from './test-clock.js'

const clock = testClock()

const kinds = (frames: Frame[]): string[] => frames.map(frame => frame.t)
const numeric = (values: unknown[]): number[] => [...(values as number[])].sort((x, y) => x - y)

describe('a new listener gets a share of what the other ends took ahead', () => {
  it('main asks the holder to give back what it has not begun; the newcomer takes its share, nothing lost or doubled', async () => {
    const w = world()
    const first = w.child('first')
    const a = addEnd(first.runtime, 'jobs', 64)
    const workA = worker(a, clock)
    addEnd(w.main, 'jobs')
    // A stream the end used at once grew its window to its whole prefetch.
    for (let n = 0; n < 30; n++) w.main.client.send('jobs', n, 0)
    await settle()
    expect(w.main.hub!.route('jobs')!.windowOf('first')).toBe(64)
    a.got.length = 0

    // Now the end is slow, and holds a backlog of 30 it has not begun but the first.
    workA.slow(true)
    for (let n = 100; n < 130; n++) w.main.client.send('jobs', n, 0)
    await settle()
    expect(a.got).toEqual([100])
    expect(a.delivered).toBe(60)

    const second = w.child('second')
    const c = addEnd(second.runtime, 'jobs', 64)
    const workC = worker(c, clock)
    workC.slow(true)
    await settle()
    // Main asked, the first end gave back everything it had not begun, and the newcomer took its share at once.
    expect(kinds(first.transport.peer!.shipped)).toContain('share')
    expect(first.transport.shipped.filter(frame => frame.t === 'back').flatMap(frame => (frame as { q: number[] }).q)).toHaveLength(29)
    expect(c.got).toHaveLength(1)
    while (a.got.length + c.got.length < 30) {
      workA.release.shift()?.()
      workC.release.shift()?.()
      await settle()
    }
    // Every job once, each end's share in order, and the newcomer did about half.
    expect(numeric([...a.got, ...c.got])).toEqual(Array.from({ length: 30 }, (_, i) => 100 + i))
    for (const got of [a.got, c.got]) expect(got).toEqual(numeric(got))
    expect(c.got.length).toBeGreaterThanOrEqual(10)
    expect(a.got.length).toBeGreaterThanOrEqual(10)
  })

  it("main's own end is asked as a child's is", async () => {
    const w = world()
    const producer = w.child('producer')
    addEnd(producer.runtime, 'tasks')
    const mine = addEnd(w.main, 'tasks', 64)
    const workMine = worker(mine, clock)
    for (let n = 0; n < 30; n++) producer.runtime.client.send('tasks', n, 0)
    await settle()
    mine.got.length = 0
    workMine.slow(true)
    for (let n = 0; n < 20; n++) producer.runtime.client.send('tasks', n, 0)
    await settle()
    expect(mine.got).toEqual([0])

    const worker2 = w.child('worker')
    const theirs = addEnd(worker2.runtime, 'tasks', 64)
    const workTheirs = worker(theirs, clock)
    workTheirs.slow(true)
    await settle()
    expect(theirs.got).toHaveLength(1)
    while (mine.got.length + theirs.got.length < 20) {
      workMine.release.shift()?.()
      workTheirs.release.shift()?.()
      await settle()
    }
    expect(numeric([...mine.got, ...theirs.got])).toEqual([...Array(20).keys()])
    expect(theirs.got.length).toBeGreaterThanOrEqual(8)
  })

  it('an end that holds only the message it is on is not asked', async () => {
    const w = world()
    const first = w.child('first')
    const a = addEnd(first.runtime, 'jobs', 64)
    const workA = worker(a, clock)
    workA.slow(true)
    addEnd(w.main, 'jobs')
    w.main.client.send('jobs', 0, 0)
    await settle()
    const second = w.child('second')
    worker(addEnd(second.runtime, 'jobs', 64), clock)
    await settle()
    expect(kinds(first.transport.peer!.shipped)).not.toContain('share')
    workA.release.shift()?.()
  })
})
