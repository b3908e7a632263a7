import { describe, expect, it } from 'vitest'
import { ChannelFullError } from '../../src/errors.js'
import { addEnd, settle, world } from './harness.js'

describe('maxQueue bounds each sender, and put() waits for room', () => {
  it('refuses the send beyond the bound, counting what an end holds unfinished, per sender', async () => {
    const w = world()
    w.main.client.register('bounded', { maxQueue: 2 })
    const child = w.child('slow')
    const end = addEnd(child.runtime, 'bounded', 8)
    const release: Array<() => void> = []
    end.receiver.addHandler(() => new Promise<void>(resolve => release.push(resolve)))
    addEnd(w.main, 'bounded')
    w.main.client.send('bounded', 'a', 0)
    w.main.client.send('bounded', 'b', 0)
    expect(() => w.main.client.send('bounded', 'c', 0)).toThrow(ChannelFullError)
    await settle()
    // Both reached the child, neither is finished: still no room.
    expect(end.delivered).toBe(2)
    expect(() => w.main.client.send('bounded', 'c', 0)).toThrow(ChannelFullError)
    // Another sender has its own room: a reply never waits behind what it answers.
    child.runtime.client.send('bounded', 'reply', 0)
    release.shift()!()
    await settle()
    expect(() => w.main.client.send('bounded', 'c', 0)).not.toThrow()
  })

  it('put() resolves in order as room appears, and a timed-out put is not sent', async () => {
    const w = world()
    w.main.client.register('line', { maxQueue: 1 })
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'line', 1)
    addEnd(w.main, 'line')
    const order: string[] = []
    const puts = ['a', 'b', 'c'].map(v => w.main.client.put('line', v, 0, {}, 'put()').then(() => order.push(v)))
    await settle()
    expect(order).toEqual(['a'])
    const late = w.main.client.put('line', 'late', 0, { timeout: 20 }, "put() on channel 'line'")
    await expect(late).rejects.toThrow("put() on channel 'line' found no room within 20 ms.")
    const got = []
    for (let i = 0; i < 3; i++) got.push(await end.receiver.receive({}, 'r'))
    await Promise.all(puts)
    expect(order).toEqual(['a', 'b', 'c'])
    expect(got).toEqual(['a', 'b', 'c'])
    await settle()
    await expect(end.receiver.receive({ timeout: 30 }, 'receive()')).rejects.toThrow('timed out')
  })

  it("a child's put() waits at main and is withdrawn there when its signal aborts", async () => {
    const w = world()
    w.main.client.register('tight', { maxQueue: 1 })
    const child = w.child('producer')
    await settle()
    const mainEnd = addEnd(w.main, 'tight')
    addEnd(child.runtime, 'tight')
    await child.runtime.client.put('tight', 1, 0, {}, 'put()')
    const abort = new AbortController()
    const waiting = child.runtime.client.put('tight', 2, 0, { signal: abort.signal }, 'put()')
    await settle()
    abort.abort(new Error('gave up'))
    await expect(waiting).rejects.toThrow('gave up')
    expect(await mainEnd.receiver.receive({}, 'r')).toBe(1)
    await settle()
    await expect(mainEnd.receiver.receive({ timeout: 30 }, 'receive()')).rejects.toThrow('timed out')
  })
})
