import { describe, expect, it } from 'vitest'
import { INITIAL_WINDOW } from '../../src/delivery/receiver.js'
import { addEnd, settle, world } from './harness.js'

describe("main hands a channel's messages to its listening ends in turn", () => {
  it('gives each message to one end, round-robin, never back to its sender', async () => {
    const w = world()
    const ends = ['a', 'b', 'c'].map(name => addEnd(w.child(name).runtime, 'jobs', 64))
    for (const end of ends) end.receiver.addHandler(value => void end.got.push(value))
    const sender = addEnd(w.main, 'jobs')
    await settle()
    // As many as the three ends' first windows hold together.
    const count = 3 * INITIAL_WINDOW
    for (let n = 0; n < count; n++) w.main.client.send('jobs', n, 0)
    await settle()
    // Every end had room, so each took every third message in turn.
    expect(ends.map(end => end.got)).toEqual([0, 1, 2].map(first => Array.from({ length: INITIAL_WINDOW }, (_, i) => first + 3 * i)))
    expect(sender.got).toEqual([])
  })

  it("skips an end whose window is full, and a child's message never returns to that child", async () => {
    const w = world()
    const busy = w.child('busy')
    const free = w.child('free')
    const busyEnd = addEnd(busy.runtime, 'tasks', 1)
    busyEnd.receiver.addHandler(value => {
      busyEnd.got.push(value)
      // Never finishes: its window of one stays full.
      return new Promise<void>(() => {})
    })
    const freeEnd = addEnd(free.runtime, 'tasks', 64)
    freeEnd.receiver.addHandler(value => void freeEnd.got.push(value))
    await settle()
    for (let n = 0; n < 6; n++) busy.runtime.client.send('tasks', `from busy ${n}`, 0)
    for (let n = 0; n < 4; n++) w.main.client.send('tasks', n, 0)
    await settle()
    // The busy child's own messages all go to the other end; of main's, the busy end took one.
    expect(freeEnd.got.filter(v => String(v).startsWith('from busy'))).toHaveLength(6)
    expect(busyEnd.got.filter(v => String(v).startsWith('from busy'))).toEqual([])
    expect([...busyEnd.got, ...freeEnd.got.filter(v => typeof v === 'number')].sort()).toEqual([0, 1, 2, 3])
    expect(busyEnd.got).toHaveLength(1)
  })
})
