// What every Transport must do for liteyuki-comm, as vitest tests that use
// nothing but the interface: a transport's own test file calls
// transportContract() with its factory, and the suite forks a real child
// whose end the factory's child module makes.
import { fork, type ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import type { Frame } from '../protocol/frames.js'
import type { Transport, TransportFactory } from '../types.js'
import { TRANSPORT_UNDER_TEST } from './echo-env.js'
import { until } from './until.js'

interface Connection {
  child: ChildProcess
  transport: Transport
  frames: Frame[]
  exited: Promise<number | null>
}

const echoChild = new URL('./echo-child.js', import.meta.url)

/**
 * Forks the echo child and connects to it as liteyuki-comm would: main's end
 * from the factory's link, the child's end from its module (or fork IPC).
 */
function connect(factory: TransportFactory, serialization: 'json' | 'advanced'): Connection {
  const link = factory.open('echo')
  const chosen = factory.childModule === undefined ? undefined : { module: String(factory.childModule), options: link.childOptions }
  const child = fork(echoChild, {
    serialization,
    stdio: 'inherit',
    env: { ...process.env, [TRANSPORT_UNDER_TEST]: chosen ? JSON.stringify(chosen) : '' },
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  const transport = link.connect(child)
  const frames: Frame[] = []
  transport.onFrame(frame => void frames.push(frame))
  return { child, transport, frames, exited }
}

/**
 * Registers the contract's tests for `factory`, under both IPC serializations
 * a child may be forked with. Channels and storage rely on nothing else.
 */
export function transportContract(name: string, factory: TransportFactory): void {
  describe(`Transport contract: ${name}`, () => {
    let current: Connection | undefined
    afterEach(() => {
      current?.child.kill('SIGKILL')
      current = undefined
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
}
