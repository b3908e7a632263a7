import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, getChannel, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

describe('a wrong argument is a TypeError that names the call and the argument', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('getChannel() without a usable name', () => {
    expect(() => getChannel(undefined as never)).toThrow(new TypeError('getChannel(): the channel name must be a non-empty string, got undefined.'))
    expect(() => getChannel(42 as never)).toThrow(new TypeError('getChannel(): the channel name must be a non-empty string, got 42.'))
    expect(() => getChannel('')).toThrow(new TypeError('getChannel(): the channel name must be a non-empty string, got "".'))
  })

  it('getBot() and bot.addProcess() options', () => {
    expect(() => getBot(42 as never)).toThrow(new TypeError('getBot(): options must be an object, got 42.'))
    expect(() => getBot({ serialization: 'xml' as never })).toThrow(new TypeError("getBot(): serialization must be 'json' or 'structured', got \"xml\"."))
    for (const [lease, got] of [
      [0, '0'],
      [-1, '-1'],
      ['100', '"100"'],
      [Number.NaN, 'NaN'],
      [2 ** 31, '2147483648'],
      [null, 'null'],
    ] as const) {
      expect(() => getBot({ updateLease: lease as never })).toThrow(
        new TypeError(`getBot(): updateLease must be a number of milliseconds from 1 to 2147483647, or Infinity, got ${got}.`),
      )
    }
    expect(() => getBot({ updateLease: Number.POSITIVE_INFINITY })).not.toThrow()
    expect(() => getBot({ updateLease: 10_000 })).not.toThrow()
    expect(() => bot.addProcess(42 as never, fixture('agent-child.mjs'))).toThrow(new TypeError('addProcess(): the name must be a non-empty string, got 42.'))
    expect(() => bot.addProcess('  ', fixture('agent-child.mjs'))).toThrow(new TypeError('addProcess(): the name must be a non-empty string, got "  ".'))
    expect(() => bot.addProcess('bad-options', fixture('agent-child.mjs'), 5 as never)).toThrow(
      new TypeError("addProcess('bad-options'): options must be an object, got 5."),
    )
    expect(() => bot.addProcess('bad-env', fixture('agent-child.mjs'), { env: 'PATH=/' as never })).toThrow(
      new TypeError("addProcess('bad-env'): env must be an object, got a string."),
    )
    expect(() => bot.addProcess('bad-cwd', fixture('agent-child.mjs'), { cwd: 1 as never })).toThrow(
      new TypeError("addProcess('bad-cwd'): cwd must be a non-empty path string, got 1."),
    )
    expect(() => bot.addProcess('bad-args', fixture('agent-child.mjs'), { args: 'x' as never })).toThrow(TypeError)
    expect(bot.getProcesses()).toEqual([])
  })

  it('receive(), put() and onReceive() options', async () => {
    const channel = new Channel('checked')
    await expect(channel.receive('soon' as never)).rejects.toThrow(new TypeError("receive() on channel 'checked': options must be an object, got a string."))
    await expect(channel.receive({ timeout: '1' as never })).rejects.toThrow(
      new TypeError('receive() on channel \'checked\': timeout must be a finite number of milliseconds >= 0, got "1".'),
    )
    await expect(channel.put(1, { signal: 1 as never })).rejects.toThrow(new TypeError("put() on channel 'checked': signal must be an AbortSignal, got 1."))
    expect(() => new Channel('other').onReceive(() => {}, 5 as never)).toThrow(
      new TypeError("onReceive() on channel 'other': options must be an object, got 5."),
    )
  })

  it('sharedMemory.update() options', async () => {
    await expect(sharedMemory.update('k', v => v, null as never)).rejects.toThrow(
      new TypeError("sharedMemory.update('k'): options must be an object, got null."),
    )
    await expect(sharedMemory.update('k', v => v, { timeout: -1 })).rejects.toThrow(
      new TypeError("sharedMemory.update('k'): timeout must be a finite number of milliseconds >= 0, got -1."),
    )
    await expect(sharedMemory.update('k', v => v, { signal: 'stop' as never })).rejects.toThrow(
      new TypeError("sharedMemory.update('k'): signal must be an AbortSignal, got a string."),
    )
  })
})
