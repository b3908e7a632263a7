import { afterAll, describe, expect, it } from 'vitest'
import { Channel, ChannelClosedError, ChannelModeError, TimeoutError, getBot, setChannel } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

let counter = 0
const fresh = <T>(): Channel<T> => {
  const channel = new Channel<T>(`modes-${++counter}`)
  setChannel(channel.name, channel)
  return channel
}

describe('an end receives in one mode, and active receives can time out or be cancelled', () => {
  afterAll(() => getBot().stop())

  it('rejects receive() on an end with handlers, naming the channel', async () => {
    const channel = fresh()
    const off = channel.onReceive(() => {})
    await expect(channel.receive()).rejects.toThrow(ChannelModeError)
    await expect(channel.receive()).rejects.toThrow(`Channel '${channel.name}' is in passive mode`)
    off()
    // With its handlers gone the end may switch to active mode.
    await expect(channel.receive({ timeout: 10 })).rejects.toThrow(TimeoutError)
  })

  it('rejects onReceive() on an end used actively, naming the channel', async () => {
    const channel = fresh()
    await expect(channel.receive({ timeout: 1 })).rejects.toThrow(TimeoutError)
    expect(() => channel.onReceive(() => {})).toThrow(ChannelModeError)
    expect(() => channel.onReceive(() => {})).toThrow(`Channel '${channel.name}' is in active mode`)
  })

  it('times out with a TimeoutError and aborts with the signal reason, consuming nothing', async () => {
    const agent = await startAgent('modes-agent')
    const channel = fresh<string>()
    await expect(channel.receive({ timeout: 20 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' })
    const controller = new AbortController()
    const aborted = channel.receive({ signal: controller.signal })
    controller.abort(new Error('no longer needed'))
    await expect(aborted).rejects.toThrow('no longer needed')
    await expect(channel.receive({ signal: AbortSignal.abort('already') })).rejects.toBe('already')
    await agent.call('send', channel.name, 'kept')
    await expect(channel.receive({ timeout: 5000 })).resolves.toBe('kept')
  })

  it('rejects bad receive options with a TypeError', async () => {
    const channel = fresh()
    await expect(channel.receive({ timeout: -1 })).rejects.toThrow(/timeout must be a finite number/)
  })

  it('is an async iterable that leaves no message behind when the loop ends', async () => {
    const agent = await startAgent('iterating')
    const channel = fresh<number>()
    await agent.call('sendMany', channel.name, 4)
    const seen: number[] = []
    for await (const n of channel) {
      seen.push(n)
      if (seen.length === 3) break
    }
    expect(seen).toEqual([0, 1, 2])
    // A pending next() that is returned must not swallow the next message either.
    const iterator = channel[Symbol.asyncIterator]()
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 3 })
    const pending = iterator.next()
    await iterator.return!()
    await expect(pending).resolves.toEqual({ done: true, value: undefined })
    await agent.call('send', channel.name, 'later')
    await expect(channel.receive({ timeout: 5000 })).resolves.toBe('later')
  })

  it('ends iteration and rejects waiters when the end is closed', async () => {
    const channel = fresh()
    const waiting = channel.receive()
    const iterator = channel[Symbol.asyncIterator]()
    const next = iterator.next()
    channel.close()
    await expect(waiting).rejects.toThrow(ChannelClosedError)
    await expect(next).resolves.toEqual({ done: true, value: undefined })
    expect(() => channel.send(1)).toThrow(ChannelClosedError)
  })
})
