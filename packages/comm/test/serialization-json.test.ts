import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

describe('the json serializer (default) carries JSON and refuses what JSON would lose', () => {
  afterAll(() => getBot().stop())

  it('round-trips JSON values through a child', async () => {
    const agent = await startAgent('json-echo')
    const value = { s: 'text', n: -1.5, b: true, z: null, list: [1, 'two', { three: 3 }], unicode: '轻雪 ✓' }
    await expect(agent.call('echo', value)).resolves.toEqual(value)
  })

  it('follows JSON for toJSON and undefined properties', async () => {
    await sharedMemory.set('json-rules', { when: new Date(0), gone: undefined, kept: 1 })
    expect(await sharedMemory.get('json-rules')).toEqual({ when: '1970-01-01T00:00:00.000Z', kept: 1 })
  })

  it.each([
    ['a Map', new Map([[1, 2]]), 'value.x is a Map'],
    ['a Set', new Set([1]), 'value.x is a Set'],
    ['a BigInt', 10n, 'value.x is a BigInt'],
    ['NaN', Number.NaN, 'value.x is NaN'],
    ['a Buffer', Buffer.from('x'), 'value.x is a Buffer'],
    ['an Error', new Error('e'), 'value.x is a Error'],
    ['undefined in an array', [undefined], 'value.x[0] is undefined'],
  ])('refuses %s, naming where it is', async (_, bad, message) => {
    await expect(sharedMemory.set('json-bad', { x: bad })).rejects.toThrow(message)
  })

  it('refuses a circular reference', async () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    await expect(sharedMemory.set('json-bad', circular)).rejects.toThrow('value.self is a circular reference')
  })
})
