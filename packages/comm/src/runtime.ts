import type { Channel } from './channel.js'
import type { QueuedMessage } from './channel-route.js'
import type { Hub, PeerExit } from './hub.js'
import type { StoreRequest, Wire } from './protocol.js'
import type { Serializer } from './serializer.js'
import type { ChannelOptions, SerializationName } from './types.js'

/** What the runtime needs from a local channel end; kept off the public `Channel` API. */
export interface EndHandle {
  readonly channel: Channel<any>
  deliver(message: QueuedMessage): void
  peerExited(exit: PeerExit): void
  refused(error: Error): void
  /** Closes the end and returns the messages it had not consumed yet. */
  drain(): QueuedMessage[]
}

/** How a process reaches the hub: directly in main, through frames in a child. */
export interface HubClient {
  hold(channel: string, options?: ChannelOptions): void
  register(channel: string, options: ChannelOptions): void
  listen(channel: string): void
  unlisten(channel: string): void
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
  readonly subscribers: Map<string, Set<(value: unknown) => void>>
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
}

export const CHILD_ENV_KEY = 'LITEYUKI_COMM_CHILD'

interface GlobalState {
  runtime?: Runtime
  childEnv?: ChildEnv | null
  bot?: unknown
  serialization?: SerializationName
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
