import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { INITIAL_WINDOW } from '../../src/delivery/receiver.js'
import { addEnd, world } from './harness.js'
import { stillClock } from './test-clock.js'

const hops = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise(resolve => setImmediate(resolve))
}

/** The acknowledgement frames a child's end sent, as counts. */
const acks = (shipped: Array<{ t: string; n?: number }>): number[] => shipped.filter(frame => frame.t === 'ack').map(frame => frame.n!)

describe('an end acknowledges in batches: at once at half its window, at the end of the turn once it used all it holds, else after a short delay', () => {
  // Only the delay's timer is fake: frames still cross (setImmediate), so what
  // leaves without the timer is told apart from what waits for it.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    // The clock stands still too, so the window does not adapt to the machine's speed.
    stillClock()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends the acknowledgement at once when half the window is used, so main refills it while the end uses the rest', async () => {
    // A window of 4 from the start (INITIAL_WINDOW) to the end (its prefetch), however fast the end is.
    expect(INITIAL_WINDOW).toBe(4)
    const w = world()
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'stream', 4)
    // As a for await loop does: the end keeps listening between receive() calls.
    end.receiver.loop(1)
    const first = end.receiver.receive({}, 'receive()')
    addEnd(w.main, 'stream')
    for (let n = 0; n < 40; n++) w.main.client.send('stream', n, 0)
    await expect(first).resolves.toBe(0)
    await hops()
    expect(end.delivered).toBe(4)

    // One of four used: under half, so nothing leaves before the delay.
    expect(acks(child.transport.shipped)).toEqual([])

    // The second is half the window: the acknowledgement leaves at once, and main sends two more.
    await end.receiver.receive({}, 'receive()')
    await hops()
    expect(acks(child.transport.shipped)).toEqual([2])
    expect(end.delivered).toBe(6)

    // Below half again: this one waits for the delay, then travels alone.
    await end.receiver.receive({}, 'receive()')
    await hops()
    expect(acks(child.transport.shipped)).toEqual([2])
    vi.advanceTimersByTime(10)
    await hops()
    expect(acks(child.transport.shipped)).toEqual([2, 1])
    end.receiver.loop(-1)
  })

  it('sends at the end of the turn what it used once it used everything it holds; a lone message waits', async () => {
    // A sender may be held back by a window smaller than the end's (another
    // main's holds up to REMOTE_WINDOW): it must not wait out the delay.
    const w = world()
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'batch', 64)
    end.receiver.loop(1)
    addEnd(w.main, 'batch')
    for (let n = 0; n < 3; n++) w.main.client.send('batch', n, 0)
    for (let i = 0; i < 3; i++) await expect(end.receiver.receive({}, 'receive()')).resolves.toBe(i)
    // Well under half of the window, yet nothing is left to use: they go back now.
    await hops()
    expect(acks(child.transport.shipped)).toEqual([3])

    // One message alone (a request) waits, so that a reply is not doubled by an acknowledgement.
    w.main.client.send('batch', 3, 0)
    await expect(end.receiver.receive({}, 'receive()')).resolves.toBe(3)
    await hops()
    expect(acks(child.transport.shipped)).toEqual([3])
    vi.advanceTimersByTime(10)
    await hops()
    expect(acks(child.transport.shipped)).toEqual([3, 1])
    end.receiver.loop(-1)
  })

  it('with prefetch 0, acknowledges each message at once', async () => {
    const w = world()
    const child = w.child('strict')
    const end = addEnd(child.runtime, 'one-by-one', 0)
    addEnd(w.main, 'one-by-one')
    for (let n = 0; n < 3; n++) w.main.client.send('one-by-one', n, 0)
    for (let i = 0; i < 3; i++) {
      await expect(end.receiver.receive({}, 'receive()')).resolves.toBe(i)
      await hops()
    }
    expect(acks(child.transport.shipped)).toEqual([1, 1, 1])
  })
})
