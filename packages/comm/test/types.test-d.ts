import { describe, expectTypeOf, it } from 'vitest'
import {
  Channel,
  getBot,
  getChannel,
  ipcTransport,
  sharedMemory,
  type ProcessInfo,
  type Transport,
  type TransportFactory,
  type Unsubscribe,
} from 'liteyuki-comm'

describe('types', () => {
  it('narrows the handler argument with a type-guard filter', () => {
    const channel = getChannel<string | number>('typed')
    channel.onReceive(data => expectTypeOf(data).toEqualTypeOf<string>(), { filter: (d: unknown): d is string => typeof d === 'string' })
    // TypeScript infers the predicate of a guard whose parameter is annotated.
    channel.onReceive(data => expectTypeOf(data).toEqualTypeOf<string>(), { filter: (d: unknown) => typeof d === 'string' })
    const isNumber = (d: unknown): d is number => typeof d === 'number'
    channel.onReceive(data => expectTypeOf(data).toEqualTypeOf<number>(), { filter: isNumber })
    // @ts-expect-error the handler takes what the guard narrows to, not something else
    channel.onReceive((data: boolean) => data, { filter: isNumber })
    channel.onReceive(data => expectTypeOf(data).toEqualTypeOf<string | number>(), { filter: d => typeof d === 'number' })
    channel.onReceive(async data => expectTypeOf(data).toEqualTypeOf<string | number>(), { filter: async () => true })
    expectTypeOf(channel.onReceive(() => {})).toEqualTypeOf<Unsubscribe>()
  })

  it('types send, receive and iteration by the channel type', async () => {
    const channel = new Channel<{ id: number }>('typed-2')
    channel.send({ id: 1 })
    // @ts-expect-error wrong message type
    channel.send({ id: 'x' })
    expectTypeOf(channel.receive()).toEqualTypeOf<Promise<{ id: number }>>()
    for await (const message of channel) expectTypeOf(message).toEqualTypeOf<{ id: number }>()
    // @ts-expect-error a filter must accept the channel type
    channel.onReceive(() => {}, { filter: (d: string) => d === 'x' })
  })

  it('types storage results', async () => {
    expectTypeOf(sharedMemory.get<number>('n')).toEqualTypeOf<Promise<number | undefined>>()
    expectTypeOf(sharedMemory.get('n', 0)).toEqualTypeOf<Promise<number>>()
    expectTypeOf(sharedMemory.update<number>('n', v => (v ?? 0) + 1)).toEqualTypeOf<Promise<number | undefined>>()
    // @ts-expect-error the updater returns the value type
    void sharedMemory.update<number>('n', () => 'text')
    sharedMemory.onSubscriberReceive<{ headline: string }>('news', data => expectTypeOf(data.headline).toBeString())
    expectTypeOf<ProcessInfo['state']>().toEqualTypeOf<'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'exited' | 'crashed'>()
  })

  it('types the transport factory', () => {
    expectTypeOf(ipcTransport).toEqualTypeOf<TransportFactory>()
    const factory: TransportFactory = {
      childModule: new URL('file:///transport.mjs'),
      open: name => ({ childOptions: { name }, connect: child => ipcTransport.open(name).connect(child) }),
    }
    getBot({ transport: factory })
    getBot().addProcess('typed', 'child.js', { transport: factory })
    expectTypeOf<Transport['ref']>().toEqualTypeOf<(() => void) | undefined>()
    // @ts-expect-error open() returns a link, not a transport
    void ({ open: (): Transport => ({}) as Transport } satisfies TransportFactory)
  })
})
