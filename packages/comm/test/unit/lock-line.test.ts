// One place per process in a key's line: main's store, in one process.
import { describe, expect, it } from 'vitest'
import { Store } from '../../src/main/store.js'

const order = (): { log: string[]; note(what: string): () => void } => {
  const log: string[] = []
  return { log, note: what => () => void log.push(what) }
}

describe("main's store gives each process one place in a key's line", () => {
  it("lets another process's request go ahead of a process's second lock request, and keeps that process's own calls in order", async () => {
    const store = new Store(() => Number.POSITIVE_INFINITY)
    const { log, note } = order()
    const first = await store.lock('hoarder', 'k')
    const second = store.lock('hoarder', 'k').then(granted => (note('hoarder 2')(), granted))
    const read = store.get('hoarder', 'k').then(note('hoarder get'))
    const other = store.lock('other', 'k').then(granted => (note('other')(), granted))
    store.commit('hoarder', 'k', first.lock, 1, false)
    const { lock } = await other
    expect(log).toEqual(['other'])
    store.commit('other', 'k', lock, 2, false)
    const granted = await second
    await new Promise(resolve => setImmediate(resolve))
    expect(log).toEqual(['other', 'hoarder 2'])
    expect(granted.v).toBe(2)
    store.commit('hoarder', 'k', granted.lock, 3, false)
    await read
    // The read came after the hoarder's second update, as the process made them.
    expect(log).toEqual(['other', 'hoarder 2', 'hoarder get'])
    await expect(store.get('x', 'k')).resolves.toBe(3)
  })

  it("lets a withdrawn request make way for the same process's next one", async () => {
    const store = new Store(() => Number.POSITIVE_INFINITY)
    const held = await store.lock('a', 'k')
    const withdrawn = store.lock('b', 'k', 1)
    const next = store.lock('b', 'k', 2)
    store.withdraw('b', 'k', 1)
    await expect(withdrawn).rejects.toMatchObject({ code: 'ERR_CANCELLED' })
    store.commit('a', 'k', held.lock, 'from a', false)
    await expect(next).resolves.toMatchObject({ v: 'from a' })
  })
})
