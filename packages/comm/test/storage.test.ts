import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { sharedMemory as fromSubpath } from 'liteyuki-comm/storage'
import { startAgent, until } from './helpers.js'

// Follow updaters through their awaits, as Node.js 24+ does by itself; reentrant-default.test.ts covers the default.
process.env.LITEYUKI_COMM_DEBUG = '1'

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
    await expect(
      sharedMemory.update('kept', () => {
        throw new Error('no')
      }),
    ).rejects.toThrow('no')
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

  it('refuses at once a call on the key from inside its own updater, naming the key; the update still completes', async () => {
    const message = (call: string): string =>
      `${call} was called inside the updater of sharedMemory.update('again'), which holds key 'again' until the updater returns, so it would wait forever. Use the value the updater receives, and return the new one.`
    await sharedMemory.set('again', 1)
    const inner: unknown[] = []
    const result = await sharedMemory.update<number>('again', async value => {
      inner.push(await sharedMemory.get('again').catch((error: unknown) => error))
      inner.push(await sharedMemory.delete('again').catch((error: unknown) => error))
      inner.push(await sharedMemory.update('again', v => v).catch((error: unknown) => error))
      // Not awaited: it must not overwrite the updater's result afterwards either.
      void sharedMemory.set('again', 100).catch((error: unknown) => inner.push(error))
      // Other keys are free meanwhile.
      await sharedMemory.set('other-key', 'fine')
      return value! + 1
    })
    expect(result).toBe(2)
    expect(inner).toHaveLength(4)
    expect(inner.map(error => (error as { code?: string }).code)).toEqual(Array(4).fill('ERR_REENTRANT_UPDATE'))
    expect((inner as Error[]).map(error => error.message)).toEqual([
      message("sharedMemory.get('again')"),
      message("sharedMemory.delete('again')"),
      message("sharedMemory.update('again')"),
      message("sharedMemory.set('again')"),
    ])
    expect(await sharedMemory.get('again')).toBe(2)
    expect(await sharedMemory.get('other-key')).toBe('fine')

    // Letting the error through fails the update, which then changes nothing.
    await expect(
      sharedMemory.update('again', async () => {
        await sharedMemory.set('again', 5)
      }),
    ).rejects.toThrow(message("sharedMemory.set('again')"))
    expect(await sharedMemory.get('again')).toBe(2)

    // What the updater scheduled to run after it returned is not refused.
    let later: Promise<unknown> | undefined
    await sharedMemory.update<number>('again', value => {
      setTimeout(() => {
        later = sharedMemory.get('again')
      }, 10)
      return value! + 1
    })
    await until(() => later !== undefined)
    await expect(later).resolves.toBe(3)
  }, 15_000)

  it('refuses a call on the key from inside its own updater in a child too', async () => {
    const child = await startAgent('reentrant-child')
    await expect(child.call('reentrantUpdate', 'child-again', 'set')).resolves.toEqual({
      result: 1,
      inner: expect.objectContaining({
        code: 'ERR_REENTRANT_UPDATE',
        message: expect.stringContaining("sharedMemory.set('child-again') was called inside the updater of sharedMemory.update('child-again')"),
      }),
    })
    await expect(child.call('get', 'child-again')).resolves.toBe(1)
  }, 15_000)

  it('rejects non-string keys with a TypeError naming the call', async () => {
    await expect(sharedMemory.get(1 as never)).rejects.toThrow('sharedMemory.get(): the key must be a string, got number.')
    await expect(sharedMemory.update('k', 'nope' as never)).rejects.toThrow(/updater must be a function/)
  })
})
