// A value over maxMessageBytes (64 MiB unless getBot() says otherwise) is
// refused where it is sent, in main, in a child and in a worker thread, with an error that names
// its size and the limit; nothing of it reaches main.
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, MessageTooLargeError, setChannel, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

const MiB = 1024 * 1024

describe('a message over the size limit is refused at send()', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('in main, by default over 64 MiB: send(), put(), sharedMemory.set() and publish() all refuse it', async () => {
    const channel = new Channel<string>('big-in-main')
    const big = 'x'.repeat(64 * MiB)
    // JSON adds the quotes: 64 MiB + 2 bytes.
    const refusal = { name: 'MessageTooLargeError', code: 'ERR_MESSAGE_TOO_LARGE', size: 64 * MiB + 2, limit: 64 * MiB }
    expect(() => channel.send(big)).toThrow(MessageTooLargeError)
    expect(() => channel.send(big)).toThrow(
      "send() on channel 'big-in-main': the message is about 67108866 bytes encoded, over the limit of 67108864 bytes (maxMessageBytes).",
    )
    await expect(channel.put(big)).rejects.toMatchObject(refusal)
    await expect(sharedMemory.set('big', big)).rejects.toMatchObject(refusal)
    await expect(sharedMemory.publish('big', big)).rejects.toMatchObject(refusal)
    // Just under the limit is sent.
    expect(() => channel.send('x'.repeat(64 * MiB - 2))).not.toThrow()
    channel.close()
  })

  it("in a child, by main's limit: refused in the child, and nothing of it reaches main", async () => {
    getBot({ maxMessageBytes: 100_000 })
    const channel = new Channel<string>('big-from-child')
    setChannel('big-from-child', channel)
    const reports = new Channel<Record<string, unknown>>('big-from-child-report')
    setChannel('big-from-child-report', reports)
    bot.addProcess('big-sender', fixture('big-sender-child.mjs'), { args: ['big-from-child', '200000'] })
    await bot.startProcess('big-sender')
    const report = await reports.receive({ timeout: 30_000 })
    const refusal = (what: string) => ({
      name: 'MessageTooLargeError',
      code: 'ERR_MESSAGE_TOO_LARGE',
      size: 200_002,
      limit: 100_000,
      message: `${what}: the message is about 200002 bytes encoded, over the limit of 100000 bytes (maxMessageBytes). Send large data in parts, or raise the limit in main: getBot({ maxMessageBytes }).`,
    })
    expect(report).toEqual({
      send: refusal("send() on channel 'big-from-child'"),
      put: refusal("put() on channel 'big-from-child'"),
      set: refusal("sharedMemory.set('big-value')"),
      publish: refusal("sharedMemory.publish('big-topic')"),
    })
    // The child's last message comes first and alone: the large ones never left it.
    await expect(channel.receive({ timeout: 30_000 })).resolves.toBe('last')
    await expect(sharedMemory.get('big-value')).resolves.toBeUndefined()
  })

  it("in a worker thread, by its process's limit: refused in the thread, and nothing of it stored", async () => {
    getBot({ maxMessageBytes: 100_000 })
    const worker = new Worker(fixture('thread-worker.mjs'), { workerData: { task: 'set-big', key: 'big-from-thread', count: 200_000 } })
    const [reply] = (await once(worker, 'message')) as [unknown]
    await worker.terminate()
    expect(reply).toEqual({
      error: {
        name: 'MessageTooLargeError',
        code: 'ERR_MESSAGE_TOO_LARGE',
        size: 200_002,
        limit: 100_000,
        message:
          "sharedMemory.set('big-from-thread'): the message is about 200002 bytes encoded, over the limit of 100000 bytes (maxMessageBytes). Send large data in parts, or raise the limit in main: getBot({ maxMessageBytes }).",
      },
    })
    await expect(sharedMemory.get('big-from-thread')).resolves.toBeUndefined()
  })

  it('getBot() refuses a limit that is not a whole number of bytes from 1024', () => {
    expect(() => getBot({ maxMessageBytes: 10 })).toThrow('getBot(): maxMessageBytes must be a whole number of bytes, at least 1024, got 10.')
    expect(() => getBot({ maxMessageBytes: '1mb' as never })).toThrow('getBot(): maxMessageBytes must be a whole number of bytes, at least 1024, got "1mb".')
  })
})
