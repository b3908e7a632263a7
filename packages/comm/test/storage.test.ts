import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { sharedMemory as fromSubpath } from 'liteyuki-comm/storage'
import { startAgent } from './helpers.js'

describe('shared memory', () => {
  afterAll(() => getBot().stop())

  it('is the same object from the package root and from liteyuki-comm/storage', () => {
    expect(fromSubpath).toBe(sharedMemory)
  })

  it('behaves the same in main and in a child', async () => {
    const child = await startAgent('storage-child')
    await sharedMemory.set('from-main', { list: [1, 2], nested: { ok: true } })
    await child.call('set', 'from-child', 'hello')
    expect(await child.call('get', 'from-main')).toEqual({ list: [1, 2], nested: { ok: true } })
    expect(await sharedMemory.get('from-child')).toBe('hello')
    expect(await sharedMemory.get('missing')).toBeUndefined()
    expect(await sharedMemory.get('missing', 'fallback')).toBe('fallback')
    expect(await child.call('get', 'missing', 'fallback')).toBe('fallback')
    expect(await sharedMemory.getAll()).toEqual(await child.call('getAll'))
    expect(await child.call('delete', 'from-main')).toBe(true)
    expect(await sharedMemory.delete('from-main')).toBe(false)
    expect(await sharedMemory.get('from-main')).toBeUndefined()
    await sharedMemory.set('from-child', undefined)
    expect(await child.call('get', 'from-child', null)).toBeNull()
  })

  it('stores copies: changing a value after set or after get changes nothing stored', async () => {
    const value = { count: 1 }
    await sharedMemory.set('copy', value)
    value.count = 2
    const got = await sharedMemory.get<{ count: number }>('copy')
    expect(got).toEqual({ count: 1 })
    got!.count = 3
    expect(await sharedMemory.get('copy')).toEqual({ count: 1 })
  })

  it('update is atomic across processes: 3 children x 500 increments = 1500', async () => {
    const children = await Promise.all(['inc-a', 'inc-b', 'inc-c'].map(name => startAgent(name)))
    await Promise.all(children.map(child => child.call('increment', 'counter', 500)))
    expect(await sharedMemory.get('counter')).toBe(1500)
  })

  it('update holds the key across an async updater; set waits behind it and wins after it', async () => {
    const child = await startAgent('slow-updater')
    await sharedMemory.set('slow', 10)
    const slow = child.call('slowIncrement', 'slow', 300)
    await child.waitForEvents(e => e.channel === 'lock-held')
    await sharedMemory.set('slow', 100)
    await slow
    expect(await sharedMemory.get('slow')).toBe(100)
  })

  it('update leaves the value alone when the updater throws, and deletes on undefined', async () => {
    await sharedMemory.set('kept', 'original')
    await expect(sharedMemory.update('kept', () => { throw new Error('no') })).rejects.toThrow('no')
    expect(await sharedMemory.get('kept')).toBe('original')
    await expect(sharedMemory.update('kept', () => (() => 1) as never)).rejects.toThrow(TypeError)
    expect(await sharedMemory.get('kept')).toBe('original')
    await expect(sharedMemory.update('kept', () => undefined)).resolves.toBeUndefined()
    expect(await sharedMemory.get('kept', 'gone')).toBe('gone')
  })

  it('releases a lock held by a child that dies mid-update', async () => {
    const child = await startAgent('dying-updater', { restart: 'never' })
    await sharedMemory.set('orphan-lock', 1)
    void child.call('slowIncrement', 'orphan-lock', 60_000).catch(() => {})
    await child.waitForEvents(e => e.channel === 'lock-held')
    const waiting = sharedMemory.update<number>('orphan-lock', v => (v ?? 0) + 1)
    process.kill(getBot().getProcess('dying-updater')!.pid!, 'SIGKILL')
    await expect(waiting).resolves.toBe(2)
  })

  it('rejects non-string keys with a TypeError naming the call', async () => {
    await expect(sharedMemory.get(1 as never)).rejects.toThrow('sharedMemory.get(): the key must be a string, got number.')
    await expect(sharedMemory.update('k', 'nope' as never)).rejects.toThrow(/updater must be a function/)
  })
})
