import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { INITIAL_WINDOW, Receiver } from '../../src/delivery/receiver.js'
import { addEnd, world } from './harness.js'
import { stillClock } from './test-clock.js'

const hops = async (n = 10): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise(resolve => setImmediate(resolve))
}

/** The acknowledgement frames a child's end sent, as counts. */
const acks = (shipped: Array<{ t: string; n?: number }>): number[] => shipped.filter(frame => frame.t === 'ack').map(frame => frame.n!)

describe("an end acknowledges in batches: at once at half its window, in main's own ends at the end of the turn once they used all they hold, else after a short delay", () => {
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

  it.each([
    { where: "main's own end", drainedAcks: true, atTurnEnd: [3] },
    { where: "a child's end", drainedAcks: false, atTurnEnd: [] },
  ])('$where that used all it holds acknowledges it at the end of the turn: $atTurnEnd', async ({ drainedAcks, atTurnEnd }) => {
    // In main a sender may be on another main, held back by a window smaller
    // than the end's; a child's end would turn each small batch of a stream
    // into an IPC write. A lone message waits in both.
    const acked: number[] = []
    const receiver = new Receiver({
      channel: 'batch',
      port: { listen: () => {}, ack: (_, count) => void acked.push(count), giveBack: () => {}, returnUnused: () => {} },
      decode: message => message.wire,
      report: error => {
        throw error
      },
      prefetch: 1024,
      eagerAcks: false,
      drainedAcks,
    })
    const handled: unknown[] = []
    receiver.addHandler(value => void handled.push(value))
    for (let seq = 1; seq <= 3; seq++) receiver.deliver({ from: 'a', wire: seq, size: 0, seq })
    await hops()
    expect(handled).toEqual([1, 2, 3])
    expect(acked).toEqual(atTurnEnd)
    receiver.deliver({ from: 'a', wire: 4, size: 0, seq: 4 })
    await hops()
    expect(acked).toEqual(atTurnEnd)
    vi.advanceTimersByTime(10)
    expect(acked).toEqual([...atTurnEnd, drainedAcks ? 1 : 4])
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
