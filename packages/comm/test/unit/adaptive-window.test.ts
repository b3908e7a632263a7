// An end's window adapts to how fast it uses messages: it starts small, grows
// while the end keeps up, and shrinks (giving back what it holds beyond) when
// the end proves slow. The clock is the test's, so the speeds are exact.
import { describe, expect, it } from 'vitest'
import { INITIAL_WINDOW, READ_AHEAD_MS } from '../../src/delivery/receiver.js'
import type { Frame } from '../../src/protocol/frames.js'
import { addEnd, settle, world } from './harness.js'
import { testClock, worker } from './test-clock.js'

const clock = testClock()

const windows = (frames: Frame[]): number[] => frames.flatMap(frame => (frame.t === 'listen' ? [frame.w] : []))
const returned = (frames: Frame[]): number[] => frames.flatMap(frame => (frame.t === 'back' ? frame.q : []))

describe("an end's window adapts to how fast it uses messages", () => {
  it('starts small and doubles while the end uses each message at once, up to its prefetch', async () => {
    const w = world()
    const child = w.child('fast')
    const end = addEnd(child.runtime, 'stream', 100)
    end.receiver.addHandler(value => void end.got.push(value))
    addEnd(w.main, 'stream')
    for (let n = 0; n < 40; n++) w.main.client.send('stream', n, 0)
    await settle()
    expect(end.got).toEqual([...Array(40).keys()])
    expect(windows(child.transport.shipped)).toEqual([INITIAL_WINDOW, 8, 16, 32, 64, 100])
    expect(w.main.hub!.route('stream')!.windowOf('fast')).toBe(100)
  })

  it('shrinks when the end proves slow, gives back what it holds beyond, and grows again once it is fast', async () => {
    const w = world()
    const child = w.child('worker')
    const end = addEnd(child.runtime, 'jobs', 64)
    const { release, slow } = worker(end, clock)
    addEnd(w.main, 'jobs')
    const route = w.main.hub!.route('jobs')!
    for (let n = 0; n < 30; n++) w.main.client.send('jobs', n, 0)
    await settle()
    expect(route.windowOf('worker')).toBe(64)

    slow(true)
    for (let n = 30; n < 60; n++) w.main.client.send('jobs', n, 0)
    await settle()
    // Job 30 runs; the end holds the rest of what its window let through.
    expect(end.got.at(-1)).toBe(30)
    for (let i = 0; i < 3; i++) {
      release.shift()!()
      await settle()
    }
    // A job takes 2 x READ_AHEAD_MS: the end takes one at a time, and gave back the rest it held.
    expect(route.windowOf('worker')).toBe(1)
    expect(returned(child.transport.shipped).length).toBeGreaterThan(0)
    // It holds the job it is on and nothing else: 33 finished, the rest given back.
    expect(end.delivered - returned(child.transport.shipped).length - 33).toBe(1)
    // Nothing was lost or doubled while it gave back and took again.
    slow(false)
    release.shift()!()
    await settle()
    expect(end.got).toEqual([...Array(60).keys()])
    // Fast again (the last slow job is done): the window grows back to the prefetch.
    for (let n = 60; n < 100; n++) w.main.client.send('jobs', n, 0)
    await settle()
    expect(end.got).toEqual([...Array(100).keys()])
    expect(route.windowOf('worker')).toBe(64)
  })

  it('an active end adapts too: a loop that takes long between receive() calls holds one at a time', async () => {
    const w = world()
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'line', 32)
    end.receiver.loop(1)
    addEnd(w.main, 'line')
    const route = w.main.hub!.route('line')!
    for (let n = 0; n < 20; n++) w.main.client.send('line', n, 0)
    const got: unknown[] = []
    for (let i = 0; i < 6; i++) {
      got.push(await end.receiver.receive({}, 'receive()'))
      clock.advance(READ_AHEAD_MS * 2)
    }
    await settle()
    expect(route.windowOf('reader')).toBe(1)
    for (let i = 6; i < 20; i++) got.push(await end.receiver.receive({}, 'receive()'))
    expect(got).toEqual([...Array(20).keys()])
    end.receiver.loop(-1)
  })

  it('prefetch 0 is not adaptive: one message per waiting receive()', async () => {
    const w = world()
    const child = w.child('strict')
    const end = addEnd(child.runtime, 'one', 0)
    addEnd(w.main, 'one')
    for (let n = 0; n < 5; n++) w.main.client.send('one', n, 0)
    await expect(end.receiver.receive({}, 'receive()')).resolves.toBe(0)
    await settle()
    expect(end.delivered).toBe(1)
    expect(windows(child.transport.shipped)).toEqual([1])
  })
})
