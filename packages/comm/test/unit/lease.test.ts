// The lease of a key lock, in one process: main's store, and update() in main.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { globalState } from '../../src/runtime/runtime.js'
import { DEFAULT_LEASE, Store } from '../../src/main/store.js'
import { sharedMemory } from '../../src/api/shared-memory.js'
import { gate } from '../probes.js'

describe("main's store holds a key lock for at most its lease", () => {
  afterEach(() => vi.useRealTimers())

  it('gives the key to the next waiter when the lease runs out, and refuses the late commit', async () => {
    vi.useFakeTimers()
    const store = new Store(() => 1_000)
    await store.set('a', 'k', 1)
    const first = await store.lock('forger', 'k')
    expect(first).toEqual({ lock: first.lock, v: 1, lease: 1_000 })
    let second: { lock: number; v?: unknown } | undefined
    void store.lock('b', 'k').then(granted => (second = granted))
    const reads: unknown[] = []
    void store.get('c', 'k').then(value => reads.push(value))
    await vi.advanceTimersByTimeAsync(999)
    expect(second).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(second).toMatchObject({ v: 1, lease: 1_000 })
    store.commit('b', 'k', second!.lock, 2, false)
    await vi.advanceTimersByTimeAsync(0)
    expect(reads).toEqual([2])
    // The forger's write comes after its lease: refused, and the newer value stays.
    expect(() => store.commit('forger', 'k', first.lock, 666, false)).toThrow(
      expect.objectContaining({
        code: 'ERR_LOCK_EXPIRED',
        message: expect.stringContaining("held key 'k' longer than its lease of 1000 ms"),
      }),
    )
    await expect(store.get('c', 'k')).resolves.toBe(2)
    // Told once: the same lock again is simply not held.
    expect(() => store.commit('forger', 'k', first.lock, 666, false)).toThrow(expect.objectContaining({ code: 'ERR_LOCK' }))
  })

  it('lets a commit within the lease through, and the lease ends with it', async () => {
    vi.useFakeTimers()
    const store = new Store(() => 1_000)
    const { lock } = await store.lock('a', 'k')
    await vi.advanceTimersByTimeAsync(900)
    store.commit('a', 'k', lock, 'written', false)
    const next = await store.lock('b', 'k')
    // The first lock's timer is gone: it cannot end the second lock's lease early.
    await vi.advanceTimersByTimeAsync(900)
    store.commit('b', 'k', next.lock, 'again', false)
    await expect(store.get('c', 'k')).resolves.toBe('again')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('reads the lease at each grant, and Infinity means none', async () => {
    vi.useFakeTimers()
    let lease = Number.POSITIVE_INFINITY
    const store = new Store(() => lease)
    const unbounded = await store.lock('a', 'k')
    expect(unbounded).toEqual({ lock: unbounded.lock })
    expect(vi.getTimerCount()).toBe(0)
    store.commit('a', 'k', unbounded.lock, undefined, true)
    lease = 50
    expect(await store.lock('a', 'k')).toMatchObject({ lease: 50 })
    expect(DEFAULT_LEASE).toBe(10_000)
    const byDefault = new Store()
    const granted = await byDefault.lock('a', 'k')
    expect(granted).toMatchObject({ lease: DEFAULT_LEASE })
    byDefault.commit('a', 'k', granted.lock, undefined, true)
  })

  it("forgets a process's expired locks and ends its leases when it dies", async () => {
    vi.useFakeTimers()
    const store = new Store(() => 100)
    const expired = await store.lock('gone', 'x')
    await vi.advanceTimersByTimeAsync(100)
    await store.lock('gone', 'y')
    store.releaseAll('gone')
    expect(vi.getTimerCount()).toBe(0)
    expect(() => store.commit('gone', 'x', expired.lock, 1, false)).toThrow(expect.objectContaining({ code: 'ERR_LOCK' }))
    await expect(store.lock('other', 'y')).resolves.toMatchObject({ lease: 100 })
  })
})

describe('update() in main under a short lease', () => {
  // What getBot({ updateLease: 200 }) sets (the bot itself forks, which this file does not need).
  beforeAll(() => {
    globalState().updateLease = 200
  })
  afterAll(() => {
    delete globalState().updateLease
  })

  it('rejects an updater that never settles with ERR_LOCK_EXPIRED, naming the key and the lease, and others proceed', async () => {
    await sharedMemory.set('hung', 1)
    const started = Date.now()
    const hung = sharedMemory.update('hung', () => new Promise<number>(() => {}))
    const next = sharedMemory.update<number>('hung', value => (value ?? 0) + 10)
    await expect(hung).rejects.toMatchObject({
      name: 'CommError',
      code: 'ERR_LOCK_EXPIRED',
      message:
        "sharedMemory.update('hung') held key 'hung' longer than its lease of 200 ms, so main gave the key to the next waiter and did not write the updater's result. Keep updaters short, or give updates a longer lease in main: getBot({ updateLease }).",
    })
    await expect(next).resolves.toBe(11)
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    await expect(sharedMemory.get('hung')).resolves.toBe(11)
  })

  it('never writes the result of an updater that settles after its lease, over a newer value', async () => {
    const release = gate()
    const late = sharedMemory.update('late', async () => {
      await release.opened
      return 'stale'
    })
    await expect(sharedMemory.update('late', () => 'newer')).resolves.toBe('newer')
    await expect(late).rejects.toMatchObject({ code: 'ERR_LOCK_EXPIRED' })
    release.open()
    await new Promise(resolve => setTimeout(resolve, 20))
    await expect(sharedMemory.get('late')).resolves.toBe('newer')
  })

  it('lets an updater that takes most of its lease write, and waits for main to confirm it', async () => {
    await expect(
      sharedMemory.update('slow-but-in-time', async () => {
        await new Promise(resolve => setTimeout(resolve, 150))
        return 'written'
      }),
    ).resolves.toBe('written')
    await expect(sharedMemory.get('slow-but-in-time')).resolves.toBe('written')
  })
})
