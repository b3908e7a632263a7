import { describe, expect, it } from 'vitest'
import { WINDOW_BYTES } from '../../src/delivery/route.js'
import { addEnd, settle, world } from './harness.js'
import { stillClock } from './test-clock.js'

describe('an end takes up to its window of unfinished messages', () => {
  it('a passive end gets no more than its prefetch until its handlers finish, then the rest in order', async () => {
    stillClock()
    const w = world()
    const child = w.child('worker')
    const end = addEnd(child.runtime, 'jobs', 4)
    const release: Array<() => void> = []
    end.receiver.addHandler(value => {
      end.got.push(value)
      return new Promise<void>(resolve => release.push(resolve))
    })
    const sender = addEnd(w.main, 'jobs')
    for (let n = 0; n < 10; n++) w.main.client.send('jobs', n, 0)
    await settle()
    // Handlers run one at a time, so one started; the window let four come.
    expect(end.got).toEqual([0])
    expect(end.delivered).toBe(4)
    release.shift()!()
    await settle()
    expect(end.delivered).toBe(5)
    while (end.got.length < 10) {
      release.shift()?.()
      await settle()
    }
    release.shift()?.()
    expect(end.got).toEqual([...Array(10).keys()])
    expect(sender.got).toEqual([])
  })

  it('holds at most WINDOW_BYTES of unfinished large messages, unless it holds none', async () => {
    stillClock()
    const w = world()
    const child = w.child('worker')
    const end = addEnd(child.runtime, 'files')
    const release: Array<() => void> = []
    end.receiver.addHandler(value => {
      end.got.push(value)
      return new Promise<void>(resolve => release.push(resolve))
    })
    addEnd(w.main, 'files')
    // Sizes as the serializer would estimate them: one larger than the whole budget, then 24 MB each.
    const MB = 1024 * 1024
    expect(WINDOW_BYTES).toBe(64 * MB)
    w.main.client.send('files', 'huge', 80 * MB)
    for (let n = 0; n < 4; n++) w.main.client.send('files', n, 24 * MB)
    await settle()
    // The huge one comes, since the end holds nothing else, and nothing with it.
    expect(end.delivered).toBe(1)
    release.shift()!()
    await settle()
    // 24 + 24 MB is under the budget, so a third comes; 72 MB is not, so no fourth.
    expect(end.delivered).toBe(4)
    while (end.got.length < 5) {
      release.shift()?.()
      await settle()
    }
    release.shift()?.()
    expect(end.got).toEqual(['huge', 0, 1, 2, 3])
  })

  it('counts what an end holds and did not finish against the window, across modes', async () => {
    const w = world()
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'line', 3)
    // As a for await loop does: the end keeps its window however long the checks below take
    // (between two receive() calls it would keep it only for its linger).
    end.receiver.loop(1)
    const first = end.receiver.receive({}, 'receive()')
    addEnd(w.main, 'line')
    for (let n = 0; n < 10; n++) w.main.client.send('line', n, 0)
    await expect(first).resolves.toBe(0)
    // The used one is acknowledged; the window lets three more wait in the end, and no more.
    await settle()
    expect(end.delivered).toBe(4)
    const rest = await Promise.all([1, 2, 3, 4, 5].map(() => end.receiver.receive({}, 'receive()')))
    expect(rest).toEqual([1, 2, 3, 4, 5])
    end.receiver.loop(-1)
  })

  it('an active end whose code stopped calling receive() gives back what it took ahead, after its linger', async () => {
    const w = world()
    const a = w.child('a')
    const endA = addEnd(a.runtime, 'line', 3)
    addEnd(w.main, 'line')
    for (let n = 0; n < 10; n++) w.main.client.send('line', n, 0)
    await expect(endA.receiver.receive({}, 'receive()')).resolves.toBe(0)
    const b = w.child('b')
    const endB = addEnd(b.runtime, 'line', 100)
    endB.receiver.addHandler(value => void endB.got.push(value))
    // However loaded the machine, the linger ends and what A took ahead reaches B.
    for (let waited = 0; endB.got.length < 9 && waited < 100; waited++) await settle()
    // A took some ahead, and every one of them went on to B.
    expect(endA.delivered).toBeGreaterThan(1)
    expect([...endB.got].sort((x, y) => (x as number) - (y as number))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('with prefetch 0, an active end takes one message per waiting receive() and hands nothing back twice', async () => {
    const w = world()
    const a = w.child('a')
    const b = w.child('b')
    const endA = addEnd(a.runtime, 'fair', 0)
    const endB = addEnd(b.runtime, 'fair', 0)
    addEnd(w.main, 'fair')
    for (let n = 0; n < 6; n++) w.main.client.send('fair', n, 0)
    const gotA = [await endA.receiver.receive({}, 'r'), await endA.receiver.receive({}, 'r')]
    const gotB = [await endB.receiver.receive({}, 'r')]
    const last = await Promise.all([endA.receiver.receive({}, 'r'), endB.receiver.receive({}, 'r'), endB.receiver.receive({}, 'r')])
    expect([...gotA, ...gotB, ...last].sort()).toEqual([0, 1, 2, 3, 4, 5])
    // Each end saw its share in order.
    expect(gotA).toEqual([...gotA].sort())
  })
})
