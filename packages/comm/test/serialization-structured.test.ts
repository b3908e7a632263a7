import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

// Chosen before anything else in this file's process, as getBot() requires.
const bot = getBot({ serialization: 'structured' })

describe('the structured serializer', () => {
  afterAll(() => bot.stop())

  it('round-trips Map, Set, Date, BigInt, typed arrays, Buffer and cycles through a child', async () => {
    const agent = await startAgent('structured-echo')
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: true }],
      ]),
      set: new Set(['x', 'y']),
      date: new Date(86_400_000),
      big: 2n ** 70n,
      u16: new Uint16Array([1, 65_535]),
      buffer: Buffer.from('liteyuki'),
      cyclic,
    }
    const echoed = await agent.call<typeof value>('echo', value)
    expect(echoed.map).toEqual(value.map)
    expect(echoed.set).toEqual(value.set)
    expect(echoed.date).toEqual(value.date)
    expect(echoed.big).toBe(value.big)
    expect(echoed.u16).toBeInstanceOf(Uint16Array)
    expect([...echoed.u16]).toEqual([1, 65_535])
    expect(Buffer.isBuffer(echoed.buffer)).toBe(true)
    expect(echoed.buffer.toString()).toBe('liteyuki')
    expect(echoed.cyclic.self).toBe(echoed.cyclic)
  })

  it("keeps an Error's name, message, code and cause", async () => {
    class BotError extends Error {
      override name = 'BotError'
    }
    const error = Object.assign(new BotError('adapter offline', { cause: new RangeError('port 8080') }), { code: 'E_OFFLINE' })
    const agent = await startAgent('structured-errors')
    const echoed = await agent.call<{ error: Error & { code: string } }>('echo', { error })
    expect(echoed.error).toBeInstanceOf(Error)
    expect(echoed.error).toMatchObject({ name: 'BotError', message: 'adapter offline', code: 'E_OFFLINE' })
    expect(echoed.error.cause).toMatchObject({ name: 'RangeError', message: 'port 8080' })
    await sharedMemory.set('last-error', error)
    expect(await sharedMemory.get('last-error')).toMatchObject({ name: 'BotError', code: 'E_OFFLINE' })
  })

  it('refuses what structured clone cannot carry, naming the path', async () => {
    await expect(sharedMemory.set('bad', { deep: new Map([['k', () => 1]]) })).rejects.toThrow(
      "sharedMemory.set('bad'): value.deep[0][1] is a function, which the structured serializer cannot carry.",
    )
    await expect(sharedMemory.set('bad', { weak: new WeakMap() })).rejects.toThrow('value.weak is a WeakMap')
  })
})
