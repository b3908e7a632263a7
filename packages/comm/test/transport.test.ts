import { fork, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createIpcTransport, ipcTransport } from '../dist/esm/transport/ipc-transport.js'
import { ENVELOPE_KEY, type Frame } from '../dist/esm/protocol/frames.js'
import type { Transport } from 'liteyuki-comm'
import { transportContract } from 'liteyuki-comm/testing'
import { fixture, loadSocketTransport, until } from './helpers.js'

// The contract every transport keeps, whatever carries the frames, as the
// package's testing kit runs it for a user's own transport.
transportContract('fork IPC (the default)', ipcTransport)
transportContract('a Unix socket (the one the docs show)', await loadSocketTransport())

const echoChild = new URL('../dist/esm/testing/echo-child.js', import.meta.url)

// What only fork IPC has: a batch envelope, foreign messages on the same pipe,
// and 'message' listeners of user code.
describe.each(['json', 'advanced'] as const)('the IPC transport (%s serialization)', serialization => {
  let child: ChildProcess | undefined
  afterEach(() => {
    child?.kill('SIGKILL')
  })

  const connectRaw = (): { transport: Transport; frames: Frame[]; envelopes: () => number } => {
    child = fork(echoChild, { serialization, stdio: 'inherit' })
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
