import { describe, expect, it } from 'vitest'
import { ChannelFullError } from '../../src/errors.js'
import { addEnd, world } from './harness.js'

describe("main keeps its channel's bound when it registers the name again without maxQueue", () => {
  it('still refuses the send beyond the bound', () => {
    const w = world()
    w.main.client.register('jobs', { maxQueue: 2 })
    w.main.client.register('jobs', { prefetch: 4 })
    addEnd(w.main, 'jobs')
    w.main.client.send('jobs', 'a', 0)
    w.main.client.send('jobs', 'b', 0)
    expect(() => w.main.client.send('jobs', 'c', 0)).toThrow(ChannelFullError)
    // Every process learns the kept bound with the new options.
    expect(w.main.known.get('jobs')).toEqual({ prefetch: 4, maxQueue: 2 })
  })

  it('lifts the bound only when told so, with maxQueue: Infinity', () => {
    const w = world()
    w.main.client.register('jobs', { maxQueue: 1 })
    w.main.client.register('jobs', { maxQueue: Number.POSITIVE_INFINITY })
    addEnd(w.main, 'jobs')
    for (const value of ['a', 'b', 'c']) expect(() => w.main.client.send('jobs', value, 0)).not.toThrow()
  })
})
