// Main's hub and child runtimes in one process, paired over an in-memory
// transport: the delivery rules run exactly as between processes, in milliseconds.
import { Receiver } from '../../src/delivery/receiver.js'
import type { QueuedMessage } from '../../src/delivery/route.js'
import { createChildRuntime } from '../../src/child/child-runtime.js'
import { ChildLink } from '../../src/main/child-link.js'
import { createMainRuntime, type MainRuntime } from '../../src/main/main-runtime.js'
import { globalState, type Runtime } from '../../src/runtime/runtime.js'
import { getSerializer } from '../../src/serialization/serializer.js'
import type { MessageInfo } from '../../src/types.js'
import { memoryTransportPair, type MemorySide } from '../../src/testing/memory-transport.js'

export { memoryTransportPair, type MemorySide }

export interface TestEnd {
  receiver: Receiver
  /** Data the end's handlers or receive() calls got, in order. */
  got: unknown[]
  infos: MessageInfo[]
  /** Messages that reached the end, used or not. */
  delivered: number
}

/** Adds an end of `channel` to `runtime`, as `new Channel()` would, without the public API's global runtime. */
export function addEnd(runtime: Runtime, channel: string, prefetch = 128): TestEnd {
  const got: unknown[] = []
  const infos: MessageInfo[] = []
  const end = { got, infos, delivered: 0 } as TestEnd
  const receiver = new Receiver({
    channel,
    port: runtime.client,
    decode: (message: QueuedMessage) => runtime.serializer.decode(message.wire),
    report: error => {
      throw error
    },
    prefetch,
    eagerAcks: runtime.role === 'main',
    drainedAcks: runtime.role === 'main',
  })
  runtime.ends.set(channel, {
    channel: undefined as never,
    deliver: message => {
      end.delivered++
      receiver.deliver(message)
    },
    alone: exit => receiver.alone(exit),
    company: () => receiver.company(),
    peerExited: exit => receiver.peerExited(exit),
    refused: error => {
      throw error
    },
    stop: () => receiver.close(false),
    share: () => receiver.share(),
  })
  runtime.client.hold(channel)
  end.receiver = receiver
  return end
}

export interface TestChild {
  runtime: Runtime
  link: ChildLink
  /** The child's side; main's side is `transport.peer`. */
  transport: MemorySide
  exits: number[]
}

export interface TestWorld {
  main: MainRuntime
  /** Adds a child runtime linked to the hub, as a forked child would be. */
  child(name: string): TestChild
  /** The child died: the hub learns it as main learns a child's exit. */
  kill(child: TestChild, how?: 'crashed' | 'gone'): void
}

export function world(): TestWorld {
  const main = createMainRuntime(getSerializer('json'))
  const hub = main.hub
  return {
    main,
    child(name) {
      const [mainSide, childSide] = memoryTransportPair()
      const link = new ChildLink(name, hub, mainSide, { hello: () => {}, restart: () => {} })
      hub.attach(name, link.sink, [])
      const exits: number[] = []
      const runtime = createChildRuntime(
        { v: 1, name, serialization: 'json', channels: [...hub.registry] },
        { transport: childSide, pid: 0, exit: code => exits.push(code) },
      )
      return { runtime, link, transport: childSide, exits }
    },
    kill(child, how = 'crashed') {
      child.transport.close()
      hub.detach(child.runtime.name, { code: 1, signal: null }, how)
    },
  }
}

const hop = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

/** Lets frames in flight arrive (each hop is one macrotask), delayed acknowledgements included. */
export async function settle(hops = 10): Promise<void> {
  for (let i = 0; i < hops; i++) await hop()
  await new Promise(resolve => setTimeout(resolve, 15))
  for (let i = 0; i < hops; i++) await hop()
}

/** Runs `body` with main's update lease set to `ms`, as getBot({ updateLease }) sets it, then restores it. */
export async function withLease<T>(ms: number, body: () => Promise<T>): Promise<T> {
  const previous = globalState().updateLease
  globalState().updateLease = ms
  try {
    return await body()
  } finally {
    if (previous === undefined) delete globalState().updateLease
    else globalState().updateLease = previous
  }
}
