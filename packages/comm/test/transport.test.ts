import { fork, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createIpcTransport } from '../dist/esm/ipc-transport.js'
import { ENVELOPE_KEY, type Frame } from '../dist/esm/protocol.js'
import type { Transport } from 'liteyuki-comm'
import { fixture, until } from './helpers.js'

// The contract every transport must keep, run here against both ends of fork IPC:
// main's end is under test directly, the child's end echoes through its own transport.
describe.each(['json', 'advanced'] as const)('the IPC transport (%s serialization)', (serialization) => {
  let child: ChildProcess | undefined
  afterEach(() => { child?.kill('SIGKILL') })

  const connect = (): { transport: Transport; frames: Frame[]; envelopes: () => number } => {
    child = fork(fixture('transport-echo-child.mjs'), { serialization, stdio: 'inherit' })
    let envelopes = 0
    child.on('message', (m) => { if ((m as Record<string, unknown>)[ENVELOPE_KEY]) envelopes++ })
    const transport = createIpcTransport(child)
    const frames: Frame[] = []
    transport.onFrame(frame => void frames.push(frame))
    return { transport, frames, envelopes: () => envelopes }
  }

  it('delivers frames in order through both ends, batching those sent together', async () => {
    const { transport, frames, envelopes } = connect()
    for (let i = 0; i < 1000; i++) transport.send({ t: 'send', c: 'order', d: i })
    await until(() => frames.length === 1000)
    expect(frames.map(f => (f as { d: number }).d)).toEqual([...Array(1000).keys()])
    // 1000 frames in one turn travel as a handful of IPC messages, not 1000.
    expect(envelopes()).toBeLessThan(20)
  })

  it('ignores foreign messages on both ends', async () => {
    const { transport, frames } = connect()
    child!.send('a foreign string to the child end')
    child!.send({ [ENVELOPE_KEY]: 999, f: [{ t: 'send', c: 'x', d: 'wrong version' }] })
    transport.send({ t: 'foreign-please' } as never)
    transport.send({ t: 'send', c: 'after', d: 1 })
    await until(() => frames.length === 2)
    expect(frames.map(f => f.t)).toEqual(['foreign-please', 'send'])
  })

  it('calls back from flush once written, and reports close when the other side goes', async () => {
    const { transport } = connect()
    transport.send({ t: 'send', c: 'x', d: 1 })
    await new Promise<void>(resolve => transport.flush(resolve))
    let closed = false
    transport.onClose(() => { closed = true })
    child!.kill('SIGKILL')
    await until(() => closed)
    expect(transport.closed).toBe(true)
    // Sending on a closed transport is a no-op, not a crash.
    expect(() => transport.send({ t: 'send', c: 'x', d: 2 })).not.toThrow()
  })
})
