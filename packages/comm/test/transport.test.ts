import { fork, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createIpcTransport, ipcTransport } from '../dist/esm/transport/ipc-transport.js'
import { ENVELOPE_KEY, type Frame } from '../dist/esm/protocol/frames.js'
import type { Transport, TransportFactory } from 'liteyuki-comm'
import { fixture, loadSocketTransport, until } from './helpers.js'

interface Connection {
  child: ChildProcess
  transport: Transport
  frames: Frame[]
  exited: Promise<number | null>
}

/**
 * Forks the echo child and connects to it as liteyuki-comm would: main's end
 * from the factory's link, the child's end from its module (or fork IPC).
 */
function connect(factory: TransportFactory, serialization: 'json' | 'advanced'): Connection {
  const link = factory.open('echo')
  const chosen = factory.childModule === undefined ? undefined : { module: String(factory.childModule), options: link.childOptions }
  const child = fork(fixture('transport-echo-child.mjs'), {
    serialization,
    stdio: 'inherit',
    env: { ...process.env, TRANSPORT_UNDER_TEST: chosen ? JSON.stringify(chosen) : '' },
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  const transport = link.connect(child)
  const frames: Frame[] = []
  transport.onFrame(frame => void frames.push(frame))
  return { child, transport, frames, exited }
}

const transports: Array<[string, TransportFactory]> = [
  ['fork IPC (the default)', ipcTransport],
  ['a Unix socket (the one the docs show)', await loadSocketTransport()],
]

// The contract every transport keeps, whatever carries the frames: channels
// and storage rely on nothing else.
describe.each(transports)('the transport contract: %s', (_, factory) => {
  let current: Connection | undefined
  afterEach(() => {
    current?.child.kill('SIGKILL')
  })

  describe.each(['json', 'advanced'] as const)('with %s IPC serialization', serialization => {
    it('delivers frames in order through both ends', async () => {
      const { transport, frames } = (current = connect(factory, serialization))
      for (let i = 0; i < 1000; i++) transport.send({ t: 'send', c: 'order', d: i })
      await until(() => frames.length === 1000)
      expect(frames.map(f => (f as { d: number }).d)).toEqual([...Array(1000).keys()])
    })

    it('carries large frames and the values of both serializers intact, in order with small ones', async () => {
      const { transport, frames } = (current = connect(factory, serialization))
      const large = 'x'.repeat(2 * 1024 * 1024)
      transport.send({ t: 'send', c: 'sizes', d: 'small 1' })
      transport.send({ t: 'send', c: 'sizes', d: large }, large.length)
      transport.send({ t: 'send', c: 'sizes', d: { nested: [1, 'two', null], unicode: '轻雪 ✓' } })
      transport.send({ t: 'send', c: 'sizes', d: 'small 2' })
      await until(() => frames.length === 4)
      expect(frames.map(f => (f as { d: unknown }).d)).toEqual(['small 1', large, { nested: [1, 'two', null], unicode: '轻雪 ✓' }, 'small 2'])
    })

    it('calls back from flush once written, and reports close when the other side goes', async () => {
      const { transport, child } = (current = connect(factory, serialization))
      transport.send({ t: 'send', c: 'x', d: 1 })
      await new Promise<void>(resolve => transport.flush(resolve))
      let closed = false
      transport.onClose(() => {
        closed = true
      })
      child.kill('SIGKILL')
      await until(() => closed)
      expect(transport.closed).toBe(true)
      // Sending on a closed transport is a no-op, not a crash; flush still calls back.
      expect(() => transport.send({ t: 'send', c: 'x', d: 2 })).not.toThrow()
      await new Promise<void>(resolve => transport.flush(resolve))
    })

    it("keeps the child alive while ref'd, and lets it exit once unref'd", async () => {
      const { transport, frames, exited } = (current = connect(factory, serialization))
      transport.send({ t: 'send', c: 'x', d: 'still there?' })
      await until(() => frames.length === 1)
      transport.send({ t: 'send', c: 'x', d: 'unref' })
      // The child has nothing else to do: unref'd, its end lets it exit by itself.
      expect(await exited).toBe(0)
    })
  })
})

// What only fork IPC has: a batch envelope, foreign messages on the same pipe,
// and 'message' listeners of user code.
describe.each(['json', 'advanced'] as const)('the IPC transport (%s serialization)', serialization => {
  let child: ChildProcess | undefined
  afterEach(() => {
    child?.kill('SIGKILL')
  })

  const connectRaw = (): { transport: Transport; frames: Frame[]; envelopes: () => number } => {
    child = fork(fixture('transport-echo-child.mjs'), { serialization, stdio: 'inherit' })
    let envelopes = 0
    child.on('message', m => {
      if ((m as Record<string, unknown>)[ENVELOPE_KEY]) envelopes++
    })
    const transport = createIpcTransport(child)
    const frames: Frame[] = []
    transport.onFrame(frame => void frames.push(frame))
    return { transport, frames, envelopes: () => envelopes }
  }

  it('batches frames sent together into a few IPC messages', async () => {
    const { transport, frames, envelopes } = connectRaw()
    for (let i = 0; i < 1000; i++) transport.send({ t: 'send', c: 'order', d: i })
    await until(() => frames.length === 1000)
    // 1000 frames in one turn travel as a handful of IPC messages, not 1000.
    expect(envelopes()).toBeLessThan(20)
  })

  it('ignores foreign messages on both ends', async () => {
    const { transport, frames } = connectRaw()
    child!.send('a foreign string to the child end')
    child!.send({ [ENVELOPE_KEY]: 999, f: [{ t: 'send', c: 'x', d: 'wrong version' }] })
    transport.send({ t: 'foreign-please' } as never)
    transport.send({ t: 'send', c: 'after', d: 1 })
    await until(() => frames.length === 2)
    expect(frames.map(f => f.t)).toEqual(['foreign-please', 'send'])
  })

  it("lets a child exit when unref'd, while a raw IPC listener of its own still keeps it up", async () => {
    child = fork(fixture('transport-keepalive-child.mjs'), { serialization, stdio: 'inherit' })
    const exited = new Promise(resolve => child!.once('exit', code => resolve(code)))
    const transport = createIpcTransport(child)
    const frames: Frame[] = []
    transport.onFrame(frame => void frames.push(frame))
    transport.send({ t: 'send', c: 'x', d: 'still there?' })
    await until(() => frames.length === 1)
    transport.send({ t: 'send', c: 'x', d: 'release' })
    expect(await exited).toBe(0)
  })
})
