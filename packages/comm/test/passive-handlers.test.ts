import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, setChannel } from 'liteyuki-comm'
import { startAgent, until } from './helpers.js'

describe('passive handlers', () => {
  afterAll(() => getBot().stop())

  it('runs every handler whose filter passes; a throwing handler is reported and stops nothing', async () => {
    const agent = await startAgent('passive-agent')
    const channel = new Channel<unknown>('passive-many')
    setChannel('passive-many', channel)
    const strings: string[] = []
    const numbers: number[] = []
    const all: unknown[] = []
    const errors: unknown[] = []
    channel.onError(error => errors.push(error))
    channel.onReceive(data => void strings.push(data), { filter: (d: unknown) => typeof d === 'string' })
    channel.onReceive(async (data) => { numbers.push(data as number) }, { filter: async d => typeof d === 'number' })
    channel.onReceive(() => { throw new Error('handler failed') })
    channel.onReceive(data => void all.push(data))

    await agent.call('send', 'passive-many', 'a')
    await agent.call('send', 'passive-many', 1)
    await agent.call('send', 'passive-many', 'b')
    await until(() => all.length === 3 && numbers.length === 1)
    expect(strings).toEqual(['a', 'b'])
    expect(numbers).toEqual([1])
    expect(all).toEqual(['a', 1, 'b'])
    expect(errors).toHaveLength(3)
    expect((errors[0] as Error).message).toBe('handler failed')
  })

  it('gives an async handler its messages one at a time, in order', async () => {
    const agent = await startAgent('ordered-agent')
    const channel = new Channel<number>('passive-ordered')
    setChannel('passive-ordered', channel)
    const log: string[] = []
    channel.onReceive(async (n) => {
      log.push(`start ${n}`)
      await new Promise(resolve => setTimeout(resolve, 5 - n))
      log.push(`end ${n}`)
    })
    await agent.call('sendMany', 'passive-ordered', 4)
    await until(() => log.length === 8)
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
  })

  it('stops delivering to a removed handler, and returns messages to main when none is left', async () => {
    const agent = await startAgent('removal-agent')
    const channel = new Channel<number>('passive-removal')
    setChannel('passive-removal', channel)
    const seen: number[] = []
    const off = channel.onReceive(n => void seen.push(n))
    await agent.call('send', 'passive-removal', 1)
    await until(() => seen.length === 1)
    off()
    await agent.call('send', 'passive-removal', 2)
    await expect(channel.receive({ timeout: 5000 })).resolves.toBe(2)
    expect(seen).toEqual([1])
  })
})
