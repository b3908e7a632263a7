// The IPC transport's batching, over a stand-in for the fork IPC endpoint:
// what a process sends while it handles an incoming batch leaves as one write.
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { ENVELOPE_KEY, PROTOCOL_VERSION, type Frame } from '../../src/protocol/frames.js'
import { createIpcTransport, type IpcEndpoint } from '../../src/transport/ipc-transport.js'

function fakeEndpoint(): { endpoint: IpcEndpoint; writes: Frame[][]; arrive(frames: Frame[]): void; raw(message: unknown): void } {
  const emitter = new EventEmitter()
  const writes: Frame[][] = []
  const endpoint = Object.assign(emitter, {
    connected: true,
    channel: null,
    send(message: { f: Frame[] }, callback?: (error: Error | null) => void): boolean {
      writes.push(message.f)
      callback?.(null)
      return true
    },
  })
  return {
    endpoint: endpoint as unknown as IpcEndpoint,
    writes,
    arrive: frames => void emitter.emit('message', { [ENVELOPE_KEY]: PROTOCOL_VERSION, f: frames }),
    raw: message => void emitter.emit('message', message),
  }
}

const msg = (n: number): Frame => ({ t: 'send', c: 'jobs', d: n })

describe('the IPC transport batches', () => {
  it('the frames of one tick: the first leaves at once, the rest together', async () => {
    const { endpoint, writes } = fakeEndpoint()
    const transport = createIpcTransport(endpoint)
    for (let n = 0; n < 5; n++) transport.send(msg(n))
    expect(writes).toEqual([[msg(0)]])
    await Promise.resolve()
    expect(writes).toEqual([[msg(0)], [1, 2, 3, 4].map(msg)])
  })

  it('what handling an incoming batch sends, on every transport, as one write once the batch is handled', () => {
    const a = fakeEndpoint()
    const b = fakeEndpoint()
    const fromA = createIpcTransport(a.endpoint)
    const toB = createIpcTransport(b.endpoint)
    let writtenWhileHandling = -1
    fromA.onFrame(frame => {
      // Main passing a child's messages on to another child, and answering the first.
      toB.send(frame)
      fromA.send({ t: 'res', id: 1 })
      writtenWhileHandling = a.writes.length + b.writes.length
    })
    a.arrive([0, 1, 2].map(msg))
    expect(writtenWhileHandling).toBe(0)
    expect(b.writes).toEqual([[0, 1, 2].map(msg)])
    expect(a.writes).toHaveLength(1)
    expect(a.writes[0]).toHaveLength(3)
  })

  it('but flush() sends at once, even while a batch is handled: an acknowledgement that reopens a window', () => {
    const { endpoint, writes, arrive } = fakeEndpoint()
    const transport = createIpcTransport(endpoint)
    transport.onFrame(frame => {
      if ((frame as { d?: number }).d === 1) {
        transport.send({ t: 'ack', c: 'jobs', n: 2 })
        transport.flush()
      }
    })
    arrive([0, 1, 2, 3].map(msg))
    expect(writes).toEqual([[{ t: 'ack', c: 'jobs', n: 2 }]])
  })

  it('lets the last frame it holds grow (extend) until it leaves, counting each addition against the bound of a batch', async () => {
    const { endpoint, writes } = fakeEndpoint()
    const transport = createIpcTransport(endpoint)
    // The first frame of a tick leaves at once: it can no longer grow.
    const first = { t: 'sends', c: 'jobs', d: [0] } as Frame & { t: 'sends' }
    transport.send(first)
    expect(transport.extend!(first, 8)).toBe(false)
    const group = { t: 'sends', c: 'jobs', d: [1] } as Frame & { t: 'sends' }
    transport.send(group)
    for (let n = 2; n < 600; n++) {
      if (transport.extend!(group, 8)) group.d.push(n)
      else transport.send({ t: 'send', c: 'jobs', d: n })
    }
    await Promise.resolve()
    // 512 messages fill a batch, however they are grouped: the rest leave in the next one.
    expect(writes.map(batch => batch.length)).toEqual([1, 1, 87])
    expect((writes[1]![0] as Frame & { t: 'sends' }).d).toHaveLength(512)
    const all = writes.flat().flatMap(frame => {
      const { d } = frame as { d: number | number[] }
      return Array.isArray(d) ? d : [d]
    })
    expect(all).toEqual([...Array(600).keys()])
  })

  it('drops a message of another protocol version with one line that names both versions', () => {
    const errors: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')))
    try {
      const { endpoint, raw } = fakeEndpoint()
      const transport = createIpcTransport(endpoint)
      const frames: Frame[] = []
      transport.onFrame(frame => void frames.push(frame))
      for (let i = 0; i < 100; i++) raw({ [ENVELOPE_KEY]: 2, f: [msg(i)] })
      // The user's own IPC messages stay silent.
      raw({ hello: 'from the user' })
      expect(frames).toEqual([])
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain('protocol 2, this process ' + PROTOCOL_VERSION)
    } finally {
      spy.mockRestore()
    }
  })
})
