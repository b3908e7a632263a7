import type { OrderedRunner } from '../delivery/ordered-runner.js'
import type { PeerExit, QueuedMessage } from '../delivery/route.js'
import type { RegisteredOptions, StoreRequest, Wire } from '../protocol/frames.js'
import type { Serializer } from '../serialization/serializer.js'
import type { PutOptions, SerializationName, TransportFactory } from '../types.js'

export const MAIN = 'main'

/** What the runtime needs from a local channel end; kept off the public `Channel` API. */
export interface EndHandle {
  /** The public `Channel` object (typed there, not here, so this module depends on no API). */
  readonly channel: unknown
  deliver(message: QueuedMessage): void
  alone(exit: PeerExit): void
  company(): void
  peerExited(exit: PeerExit): void
  refused(error: Error): void
  /** Main asks the end to give back what it took ahead and has not begun, for an end that began to listen. */
  share(): void
  /** Main stops this process: the end gives back what it did not begin; resolves once what it began is finished. */
  stop(): Promise<void>
}

/** How a process reaches the hub: directly in main, through frames in a child. */
export interface HubClient {
  hold(channel: string): void
  register(channel: string, options: RegisteredOptions): void
  /** The end takes up to `window` unfinished messages. */
  listen(channel: string, window: number): void
  /** The end finished its next `count` messages. */
  ack(channel: string, count: number): void
  /** Sends the frames queued so far at once (a child's transport batches them). */
  flush?(): void
  /** The end stops taking messages and gives back the ones numbered `seqs`. */
  giveBack(channel: string, seqs: number[]): void
  /** The end keeps listening and gives back the messages numbered `seqs`, which nothing began on. */
  returnUnused(channel: string, seqs: number[]): void
  send(channel: string, wire: Wire, size: number): void
  /** Resolves once main accepted the message, waiting for room on a bounded channel. */
  put(channel: string, wire: Wire, size: number, options: PutOptions, what: string): Promise<void>
  /** `what` names the call in the error if the process it waits on dies. */
  request(request: StoreRequest, what: string): Promise<unknown>
  subscribe(topic: string): void
  unsubscribe(topic: string): void
  requestRestart(): void
  /**
   * Rejects once main is gone (a child's link closed): what waits on no
   * request of its own, such as an updater that runs while main dies,
   * settles then. Absent where main cannot go away first.
   */
  readonly lost?: Promise<never>
}

export interface Runtime {
  /** `'thread'`: a worker thread, which reaches the hub through its process's main thread. */
  readonly role: 'main' | 'child' | 'thread'
  /** `'main'`, or the name the child was added under. */
  readonly name: string
  readonly serializer: Serializer
  readonly client: HubClient
  readonly ends: Map<string, EndHandle>
  /** Channel names registered anywhere, as far as this process has heard. */
  readonly known: Map<string, RegisteredOptions>
  readonly subscribers: Map<string, Set<OrderedRunner<unknown>>>
  /** Child only: what runs when main stops or restarts this process. */
  readonly stopHooks: Set<() => unknown>
  /** A decoded value the caller may keep and change. */
  own(wire: Wire): unknown
}

/** What main passes to a child in its environment. */
export interface ChildEnv {
  v: number
  name: string
  serialization: SerializationName
  channels: Array<[string, RegisteredOptions]>
  /** A transport other than fork IPC: the module that makes the child's end, and its options. */
  transport?: { module: string; options?: unknown }
  /** Main's `maxMessageBytes`, when it is not the default. */
  maxMessageBytes?: number
  /** Main is in a cluster: a `put()` resolves only once main has kept the message in the cluster, bounded channel or not. */
  durable?: true
}

export const CHILD_ENV_KEY = 'LITEYUKI_COMM_CHILD'

interface GlobalState {
  runtime?: Runtime
  childEnv?: ChildEnv | null
  bot?: unknown
  serialization?: SerializationName
  transport?: TransportFactory
  /** Main: how long an update may hold its key, from `getBot({ updateLease })`. */
  updateLease?: number
  /** `getBot({ maxMessageBytes })` in main; main's value, in a child. */
  maxMessageBytes?: number
  /** The last number given to a withdrawable lock request (`sharedMemory.update` with a timeout). */
  lockTokens?: number
  /** The main thread answers its worker threads (runtime/thread-relay.ts). */
  threadRelay?: boolean
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
