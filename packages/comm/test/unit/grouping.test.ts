// A stream's small messages cross in groups: one frame names the channel and
// the sender once for a batch of them. The rules of delivery stay per message.
import { describe, expect, it } from 'vitest'
import { SIZE_WORTH_SENDING, type Frame } from '../../src/protocol/frames.js'
import { addEnd, settle, world } from './harness.js'
import { stillClock } from './test-clock.js'

const kinds = (frames: Frame[]): string[] => frames.map(frame => frame.t)

/**
 * A child's end of `channel` that takes everything main sends, its window
 * grown to its prefetch by a first stream it used at once; `shipped()` lists
 * the frames main sent since.
 */
async function childEnd(channel: string) {
  stillClock()
  const w = world()
  const child = w.child('worker')
  const end = addEnd(child.runtime, channel, 1000)
  end.receiver.addHandler(value => void end.got.push(value))
  addEnd(w.main, channel)
  for (let n = 0; n < 50; n++) w.main.client.send(channel, n, 8)
  await settle()
  expect(end.receiver.window).toBe(1000)
  end.got.length = 0
  const mainSide = child.transport.peer!
  const before = mainSide.shipped.length
  return { w, end, shipped: () => mainSide.shipped.slice(before) }
}

describe('small messages travel in groups', () => {
  it('main to a child: one frame for a burst, each message used once, in order, with its own number', async () => {
    const { w, end, shipped: since } = await childEnd('jobs')
    for (let n = 0; n < 300; n++) w.main.client.send('jobs', n, 8)
    await settle()
    const shipped = since()
    expect(kinds(shipped)).toEqual(['msgs'])
    const [group] = shipped as Array<Frame & { t: 'msgs' }>
    expect(group!.d).toEqual([...Array(300).keys()])
    expect(new Set(group!.q).size).toBe(300)
    expect(end.got).toEqual([...Array(300).keys()])
  })

  it('a child to main: one frame for a burst, each message used once, in order', async () => {
    const w = world()
    const child = w.child('worker')
    const end = addEnd(w.main, 'jobs')
    end.receiver.addHandler(value => void end.got.push(value))
    addEnd(child.runtime, 'jobs')
    await settle()
    const before = child.transport.shipped.length
    for (let n = 0; n < 300; n++) child.runtime.client.send('jobs', n, 8)
    await settle()
    expect(kinds(child.transport.shipped.slice(before)).filter(t => t === 'sends' || t === 'send')).toEqual(['sends'])
    expect(end.got).toEqual([...Array(300).keys()])
  })

  it('a large message travels alone, with its size, between groups, and order holds', async () => {
    const { w, end, shipped: since } = await childEnd('files')
    w.main.client.send('files', 'a', 8)
    w.main.client.send('files', 'b', 8)
    w.main.client.send('files', 'large', SIZE_WORTH_SENDING)
    w.main.client.send('files', 'c', 8)
    await settle()
    const shipped = since()
    expect(kinds(shipped)).toEqual(['msgs', 'msg', 'msgs'])
    expect(shipped[1]).toMatchObject({ t: 'msg', d: 'large', z: SIZE_WORTH_SENDING })
    expect(end.got).toEqual(['a', 'b', 'large', 'c'])
  })

  it('an end that stops in the middle of a group gives back the rest, which the next holder gets in order', async () => {
    const w = world()
    const first = w.child('first')
    const a = addEnd(first.runtime, 'jobs', 1000)
    const stop = a.receiver.addHandler(value => {
      a.got.push(value)
      stop()
      return undefined
    })
    addEnd(w.main, 'jobs')
    await settle()
    for (let n = 0; n < 10; n++) w.main.client.send('jobs', n, 8)
    await settle()
    expect(a.got).toEqual([0])
    const second = w.child('second')
    const b = addEnd(second.runtime, 'jobs', 1000)
    b.receiver.addHandler(value => void b.got.push(value))
    await settle()
    expect(b.got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('makes a batch of ~100-byte messages about 30% smaller than one frame per message (the performance page says so)', async () => {
    const { w, shipped } = await childEnd('events')
    const event = (id: number) => ({ id, type: 'message', user: 'liteyuki', text: 'hello from the main process', at: 1_700_000_000_000 })
    for (let id = 0; id < 100; id++) w.main.client.send('events', event(id), 100)
    await settle()
    const grouped = JSON.stringify(shipped()).length
    const [group] = shipped() as Array<Frame & { t: 'msgs' }>
    const single = JSON.stringify(group!.d.map((d, i) => ({ t: 'msg', c: 'events', d, s: 'main', q: group!.q[i] }))).length
    expect(grouped / single).toBeGreaterThan(0.6)
    expect(grouped / single).toBeLessThan(0.75)
  })
})
