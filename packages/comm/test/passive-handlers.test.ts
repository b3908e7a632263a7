import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, getChannel, setChannel, sharedMemory } from 'liteyuki-comm'
import { fixture, startAgent, until } from './helpers.js'

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
    channel.onReceive(
      async data => {
        numbers.push(data as number)
      },
      { filter: async d => typeof d === 'number' },
    )
    channel.onReceive(() => {
      throw new Error('handler failed')
    })
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
    channel.onReceive(async n => {
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

  it("reports a handler's rejected promise and goes on with the next messages, in main and in a child", async () => {
    const agent = await startAgent('rejecting-agent')
    const channel = new Channel<string>('passive-rejecting')
    setChannel('passive-rejecting', channel)
    const seen: string[] = []
    const errors: Error[] = []
    channel.onError(error => void errors.push(error as Error))
    channel.onReceive(data => (data === 'fail' ? Promise.reject(new Error(`rejected ${data}`)) : void seen.push(data)))
    for (const message of ['a', 'fail', 'b', 'fail', 'c']) await agent.call('send', 'passive-rejecting', message)
    await until(() => seen.length === 3 && errors.length === 2)
    expect(seen).toEqual(['a', 'b', 'c'])
    expect(errors.map(error => error.message)).toEqual(['rejected fail', 'rejected fail'])

    setChannel('child-rejecting', new Channel('child-rejecting'))
    await agent.call('listenFailing', 'child-rejecting')
    for (const message of ['a', 'fail', 'b', 'fail', 'c']) getChannel('child-rejecting').send(message)
    const events = await agent.waitForEvents(e => e.channel === 'child-rejecting', 5)
    expect(events.map(e => (e.kind === 'error' ? e.error!.message : e.data))).toEqual(['a', 'rejected fail', 'b', 'rejected fail', 'c'])
  })

  it('on a graceful stop, finishes the message a slow handler started and hands back those waiting behind it', async () => {
    const bot = getBot()
    bot.addProcess('slow-passive', fixture('slow-passive-child.mjs'), { stopTimeout: 30_000 })
    const ready = getChannel('slow-passive-active').receive()
    await bot.startProcess('slow-passive')
    await ready
    const passive = getChannel<number>('slow-passive-passive')
    for (let n = 0; n < 5; n++) passive.send(n)
    const list = async (key: string): Promise<number[]> => sharedMemory.get<number[]>(key, [])
    await until(async () => (await list('slow-started')).length === 1)
    // Restarting while message 0 runs and 1-4 wait behind it in the child.
    const restarted = bot.restartProcess('slow-passive')
    await until(() => bot.getProcess('slow-passive')!.state === 'stopping')
    // Sent while the child is stopping: they wait in main for the new child.
    passive.send(5)
    passive.send(6)
    await sharedMemory.set('slow-release', true)
    await restarted
    await until(async () => (await list('slow-handled')).length === 7)
    // Each handled once, in order: 0 by the old child, the rest by the new one.
    expect(await list('slow-handled')).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(await list('slow-started')).toEqual([0, 1, 2, 3, 4, 5, 6])
  })
})
