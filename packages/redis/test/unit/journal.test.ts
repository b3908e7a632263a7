import { describe, expect, it } from 'vitest'
import { Journal, liveEntries } from '../../src/journal.js'

// The journal's bookkeeping of its fields, over a hash in memory that applies
// each write as the 'journal' script does (HSET the fields, HDEL the others).
// The contract suite checks the same journal against a real redis-server.

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString()
const entry = (text: string): Uint8Array => Buffer.from(text)
const turn = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

function journalInMemory() {
  const hash = new Map<string, Buffer>()
  let writes = 0
  /** While set, writes wait for it: a write on its way. */
  let gate: Promise<void> | undefined
  const journal = new Journal(
    async (set, remove) => {
      writes++
      await gate
      for (let i = 0; i < set.length; i += 2) hash.set(set[i] as string, Buffer.from(set[i + 1]!))
      for (const field of remove) hash.delete(field)
    },
    () => true,
    async () => {},
  )
  /** What a survivor would inherit now: HGETALL's answer, read as `adopt` reads it. */
  const inherited = () =>
    liveEntries([...hash].flatMap(([field, value]) => [Buffer.from(field), value]))
      .map(text)
      .sort()
  /** Holds the writes back until the returned function is called. */
  const hold = (): (() => void) => {
    let open = () => {}
    gate = new Promise(resolve => (open = resolve))
    return () => {
      gate = undefined
      open()
    }
  }
  return { journal, hash, inherited, hold, writes: () => writes }
}

describe('the Redis journal keeps a write as one field, and what later writes removed from it', () => {
  it('holds what was kept and not removed, in a field per write and one per removal, however many entries', async () => {
    const { journal, hash, inherited } = journalInMemory()
    for (let n = 0; n < 1000; n++) journal.keep(`${n}:jobs`, entry(`m${n}`))
    await journal.written()
    expect([...hash.keys()]).toEqual(['k1'])
    for (let n = 0; n < 990; n++) journal.remove(`${n}:jobs`)
    await journal.written()
    expect([...hash.keys()].sort()).toEqual(['k1', 'r1.2'])
    expect(inherited()).toEqual(['m990', 'm991', 'm992', 'm993', 'm994', 'm995', 'm996', 'm997', 'm998', 'm999'])
  })

  it('deletes a write and its removals once nothing of it is left', async () => {
    const { journal, hash, inherited } = journalInMemory()
    journal.keep('1:jobs', entry('a'))
    journal.keep('2:jobs', entry('b'))
    await journal.written()
    journal.remove('1:jobs')
    await journal.written()
    journal.keep('3:jobs', entry('c'))
    journal.remove('2:jobs')
    await journal.written()
    expect([...hash.keys()]).toEqual(['k3'])
    expect(inherited()).toEqual(['c'])
  })

  it('writes nothing for an entry kept and removed before it went out', async () => {
    const { journal, hash, writes } = journalInMemory()
    journal.keep('1:jobs', entry('a'))
    journal.remove('1:jobs')
    await turn()
    await journal.written()
    expect(writes()).toBe(0)
    expect(hash.size).toBe(0)
  })

  it('keeps one copy of an entry kept again (it came back, flagged): the newest', async () => {
    const { journal, hash, inherited } = journalInMemory()
    journal.keep('1:jobs', entry('first'))
    journal.keep('2:jobs', entry('other'))
    await journal.written()
    journal.keep('1:jobs', entry('again'))
    await journal.written()
    expect(inherited()).toEqual(['again', 'other'])
    journal.remove('1:jobs')
    await journal.written()
    expect(inherited()).toEqual(['other'])
    // The second write held only that entry: gone with it.
    expect([...hash.keys()].sort()).toEqual(['k1', 'r1.2'])
  })

  it('leaves out an entry used after Redis lost its data, though a write from before the loss landed after it', async () => {
    const { journal, hash, inherited, hold, writes } = journalInMemory()
    const release = hold()
    journal.keep('1:jobs', entry('m1'))
    journal.keep('2:jobs', entry('m2'))
    await turn()
    expect(writes()).toBe(1)
    // Redis comes back empty while that first write is on its way: it lands after the loss was noticed.
    journal.rewrite()
    release()
    await journal.written()
    journal.remove('1:jobs')
    await journal.written()
    expect(hash.has('k1')).toBe(true)
    expect(inherited()).toEqual(['m2'])
  })

  it('writes every entry again when Redis lost its data, and removes them from the new fields', async () => {
    const { journal, hash, inherited } = journalInMemory()
    for (let n = 0; n < 5; n++) journal.keep(`${n}:jobs`, entry(`m${n}`))
    await journal.written()
    journal.remove('0:jobs')
    await journal.written()
    hash.clear()
    journal.rewrite()
    await journal.written()
    expect(inherited()).toEqual(['m1', 'm2', 'm3', 'm4'])
    for (let n = 1; n < 5; n++) journal.remove(`${n}:jobs`)
    await journal.written()
    expect(hash.size).toBe(0)
  })
})
