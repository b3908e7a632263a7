import type { Channel } from './channel.js'
import type { QueuedMessage } from './channel-route.js'
import type { Hub, PeerExit } from './hub.js'
import type { OrderedRunner } from './ordered-handler.js'
import type { StoreRequest, Wire } from './protocol.js'
import type { Serializer } from './serializer.js'
import type { ChannelOptions, SerializationName, TransportFactory } from './types.js'

/** What the runtime needs from a local channel end; kept off the public `Channel` API. */
export interface EndHandle {
  readonly channel: Channel<any>
  deliver(message: QueuedMessage): void
  peerExited(exit: PeerExit): void
  refused(error: Error): void
  /**
   * Closes the end for a graceful stop. `unconsumed`: the messages no handler
   * started, to hand back; `settled`: resolves once the started ones are done.
   */
  stop(): { unconsumed: QueuedMessage[]; settled: Promise<void> }
}

/** How a process reaches the hub: directly in main, through frames in a child. */
export interface HubClient {
  hold(channel: string, options?: ChannelOptions): void
  register(channel: string, options: ChannelOptions): void
  /** The end takes `wanted` more messages: one per waiting receive(), or Infinity (passive). */
  listen(channel: string, wanted: number): void
  /** `acked` runs once nothing main routed to the end before the unlisten can still arrive (at once in main). */
  unlisten(channel: string, acked: () => void): void
  /** Every message the end asked for has arrived; main knows that already, so no frame is sent. */
  satisfied(channel: string): void
  send(channel: string, wire: Wire, size: number): void
  requeue(channel: string, messages: QueuedMessage[]): void
  /** `what` names the call in the error if the process it waits on dies. */
  request(request: StoreRequest, what: string): Promise<unknown>
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  requestRestart(): void
}

export interface Runtime {
  readonly role: 'main' | 'child'
  /** `'main'`, or the name the child was added under. */
  readonly name: string
  readonly serializer: Serializer
  readonly client: HubClient
  readonly ends: Map<string, EndHandle>
  /** Channel names registered anywhere, as far as this process has heard. */
  readonly known: Map<string, ChannelOptions>
  readonly subscribers: Map<string, Set<OrderedRunner<unknown>>>
  /** Main only. */
  readonly hub: Hub | undefined
  /** A decoded value the caller may keep and change. */
  own(wire: Wire): unknown
}

/** What main passes to a child in its environment. */
export interface ChildEnv {
  v: number
  name: string
  serialization: SerializationName
  channels: Array<[string, ChannelOptions]>
  /** A transport other than fork IPC: the module that makes the child's end, and its options. */
  transport?: { module: string; options?: unknown }
}

export const CHILD_ENV_KEY = 'LITEYUKI_COMM_CHILD'

interface GlobalState {
  runtime?: Runtime
  childEnv?: ChildEnv | null
  bot?: unknown
  serialization?: SerializationName
  transport?: TransportFactory
}

/**
 * Process-wide state lives on globalThis so that two copies of the library in
 * one process (ESM and CommonJS, or two versions) share one runtime.
 */
export function globalState(): GlobalState {
  const key = Symbol.for('liteyuki-comm')
  const holder = globalThis as unknown as Record<symbol, GlobalState | undefined>
  return (holder[key] ??= {})
}

export function readChildEnv(): ChildEnv | null {
  const state = globalState()
  if (state.childEnv === undefined) {
    const raw = process.env[CHILD_ENV_KEY]
    // Grandchildren forked by a child with plain child_process must not inherit the role.
    delete process.env[CHILD_ENV_KEY]
    state.childEnv = raw && typeof process.send === 'function' ? (JSON.parse(raw) as ChildEnv) : null
  }
  return state.childEnv
}
