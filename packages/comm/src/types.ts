// The public types use Node.js types (NodeJS.ProcessEnv, signals); TypeScript 6+
// no longer loads @types/node by itself, so the declarations ask for it.
/// <reference types="node" preserve="true" />

import type { ChildProcess } from 'node:child_process'
import type { Frame } from './protocol/frames.js'

/** How values cross process boundaries. See the serialization guide. */
export type SerializationName = 'json' | 'structured'

/** Any value, or a promise of it: handlers and filters may be sync or async. */
export type Awaitable<T> = T | Promise<T>

/** Call it to undo a registration (handler, hook, subscription). */
export type Unsubscribe = () => void

/** What a passive handler learns about the message besides its data. */
export interface MessageInfo {
  /** The process that sent it: `'main'` or a child's name; in a cluster, `'name@node'` for a process of another main. */
  from: string
  /**
   * It was delivered before to an end that died, was killed or restarted with
   * it unfinished, so a handler may have begun on it: make its effect idempotent.
   */
  redelivered: boolean
}

export type Handler<T> = (data: T, info: MessageInfo) => Awaitable<unknown>

/** A subscriber of a pub/sub topic. */
export type SubscriberHandler<T> = (data: T) => Awaitable<unknown>

/** A filter that is a type guard narrows the handler's argument. */
export type Guard<T, S extends T> = (data: T) => data is S
export type Predicate<T> = (data: T) => Awaitable<boolean>

export interface ReceiveHandlerOptions<F> {
  /** Only messages for which this returns true (or resolves to true) reach the handler. */
  filter?: F
}

export interface ReceiveOptions {
  /** Reject with a `TimeoutError` after this many milliseconds. */
  timeout?: number
  /** Reject with the signal's reason when it aborts. */
  signal?: AbortSignal
}

export interface ChannelOptions {
  /**
   * How many of one sender's messages the channel holds accepted and not yet
   * used (waiting in main, or delivered to an end that has not finished them)
   * before that sender's `send` fails with `ChannelFullError` and its `put`
   * waits. Per sender, so that replies on a full-duplex channel never wait
   * behind the messages they answer. Default: unbounded. Main's word is final:
   * an end made elsewhere, or a child registering the name again, cannot change it.
   */
  maxQueue?: number
  /**
   * How many unfinished messages one end takes ahead, so that it never waits
   * on a round trip to main. `0`: an active end takes a message only while a
   * `receive()` waits (strictly fair work queues); a passive end then takes one
   * at a time. Default 1024, and at most about 64 MB of messages unless the
   * end holds none. An end's own option wins over the registered one.
   */
  prefetch?: number
}

export interface UpdateOptions {
  /** Reject with a `TimeoutError` if the key is not free within this many milliseconds. */
  timeout?: number
  /** Reject with the signal's reason when it aborts before the key was free. */
  signal?: AbortSignal
}

export interface PutOptions {
  /** Reject with a `TimeoutError` if the channel has no room within this many milliseconds. */
  timeout?: number
  /** Reject with the signal's reason when it aborts before the message was accepted. */
  signal?: AbortSignal
}

export type RestartPolicy = 'never' | 'on-failure' | 'always'

export interface ProcessOptions extends ChannelOptions {
  /** Arguments passed to the child script. */
  args?: string[]
  /** Node options for the child (`--inspect`, `--import tsx`, ...). */
  execArgv?: string[]
  /** Environment of the child; default `process.env`. */
  env?: NodeJS.ProcessEnv
  cwd?: string
  /**
   * `'inherit'` shares main's stdout and stderr. `'prefix'` writes each line of
   * the child's output to main's streams as `[name] line`. Default: `'prefix'`
   * when the environment variable `LITEYUKI_COMM_STDIO` is `prefix`, else `'inherit'`.
   */
  stdio?: 'inherit' | 'prefix'
  /** What to do when the child exits on its own. Default `'on-failure'`. */
  restart?: RestartPolicy
  /** Automatic restarts allowed since the process was last started by hand. Default 5. */
  maxRestarts?: number
  /** Milliseconds to wait before an automatic restart. Default 500. */
  restartDelay?: number
  /** Milliseconds a graceful stop may take before the child is killed. Default 5000. */
  stopTimeout?: number
  /** How main and this child exchange frames. Default: the one given to `getBot()`, else the fork IPC channel. */
  transport?: TransportFactory
}

export type ProcessState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'exited' | 'crashed'

/**
 * What `bot.inspect()` reports: a debugging aid, not an API to build on.
 * Payloads appear only as short previews.
 */
export type InspectEvent =
  | { type: 'process'; name: string; state: ProcessState; pid?: number; code?: number | null; signal?: string | null }
  | { type: 'channel'; name: string; holders: string[] }
  | { type: 'message'; channel: string; from: string; to: string; preview: string; redelivered: boolean }
  | { type: 'store'; op: 'set' | 'delete'; key: string; by: string; value?: string }
  | { type: 'publish'; topic: string; from: string; subscribers: string[]; preview: string }
  | { type: 'refused'; channel: string; from: string; reason: 'full' | 'too-large'; preview: string }

export interface ProcessInfo {
  name: string
  file: string
  pid: number | undefined
  state: ProcessState
  /** Automatic restarts since the process was last started by hand. */
  restarts: number
}

/** A process of some main in a cluster, as `getClusterProcesses()` lists it. */
export interface ClusterProcessInfo {
  /** The main that holds it (its cluster node name). */
  node: string
  name: string
  pid: number | undefined
  state: ProcessState
  restarts: number
}

export interface ProcessExitInfo {
  name: string
  code: number | null
  signal: NodeJS.Signals | null
  /** Exited on its own with a non-zero code or a signal. */
  crashed: boolean
  /** The restart policy will start it again. */
  willRestart: boolean
}

/**
 * Joins several mains (on one machine or many) into one cluster: channels,
 * shared memory and pub/sub reach every process of every main. The library
 * ships none: `liteyuki-comm-redis` is one. A backend is a dumb carrier: the
 * delivery rules stay in each main, which is why any backend gives the same
 * guarantees.
 */
export interface ClusterBackend {
  /** This main's name in the cluster, unique among the live mains of the namespace. */
  readonly node: string
  /**
   * Connects and announces `node`, then reports to `peer`. Rejects when the
   * backend cannot be reached, or when a live main already has this name.
   */
  join(peer: ClusterPeer): Promise<void>
  /** Says goodbye (the others learn `left(node, 'left')`) and disconnects. */
  leave(): Promise<void>
  /**
   * Frames to one node, delivered in the order sent, each once, and kept
   * until delivered (across an outage of the backend). Frames to a node that
   * left or died are dropped. Never throws.
   */
  send(node: string, frame: Uint8Array): void
  /** A frame to every live node, this one included, in one order that every node sees. */
  broadcast(frame: Uint8Array): void
  /** Replaces what this node tells the others about itself (JSON-serializable). */
  describe(info: unknown): void
  /** Every live node and what it last described, this one included. */
  members(): Promise<ClusterMember[]>
  readonly store: ClusterStore
  /**
   * Optional: keeps the messages this node accepted until they are used or
   * handed to another node, so that when this node dies another takes them
   * over (`ClusterPeer.inherit`). Without it, a node's queue dies with it.
   */
  readonly journal?: ClusterJournal
}

/**
 * Where a node keeps what it accepted, beyond its own death. Entries are
 * opaque bytes under ids unique in the node; writes go out in order, batched.
 */
export interface ClusterJournal {
  keep(id: string, entry: Uint8Array): void
  remove(id: string): void
  /** `send(node, frame)` of a frame that carries entry `id`: once the frame is in the backend, the entry is removed. */
  handOff(node: string, frame: Uint8Array, id: string): void
  /** Resolves once every `keep` and `handOff` so far is in the backend. */
  written(): Promise<void>
}

export interface ClusterMember {
  node: string
  info: unknown
}

/** What a backend tells the main that joined it. */
export interface ClusterPeer {
  /** A frame from `from`, which is this node itself for its own broadcasts. */
  receive(from: string, frame: Uint8Array): void
  /** A node joined (reported for nodes that join after this one). */
  joined(node: string): void
  /** A node said goodbye (`'left'`) or stopped answering (`'died'`); it sends nothing after this. */
  left(node: string, how: 'left' | 'died'): void
  /**
   * After `left(node, 'died')`: the entries of the dead node's journal, for
   * this node alone to take over (each goes to one survivor).
   */
  inherit?(node: string, entries: Uint8Array[]): void
  /**
   * The backend found that frames it carried, and what it stored, may be
   * gone (`reason` says why): this node sends again what it handed to other
   * nodes and has not seen used, and reports the loss.
   */
  lost?(reason: string): void
}

/**
 * The cluster's key-value store. Every operation on a key waits while
 * another node holds the key's lock, so a lock and its commit make an atomic
 * read-modify-write across nodes. Operations fail with a `CommError` coded
 * `ERR_CLUSTER_UNAVAILABLE` when the backend stays unreachable past its timeout.
 */
export interface ClusterStore {
  get(key: string): Promise<Uint8Array | undefined>
  /** `undefined` deletes. */
  set(key: string, value: Uint8Array | undefined): Promise<void>
  /** Whether the key existed. */
  delete(key: string): Promise<boolean>
  entries(): Promise<Array<[string, Uint8Array]>>
  /**
   * Waits for the key's lock and holds it. The backend keeps the lock alive
   * while this node lives; a node that dies loses it after the backend's lease.
   * `signal` withdraws a request still waiting (it rejects with its reason).
   */
  lock(key: string, signal?: AbortSignal): Promise<{ token: string; value: Uint8Array | undefined }>
  /**
   * Releases the lock, first writing `value` (`undefined` deletes) unless
   * `write` is false. False when the lock was lost, and then nothing is written.
   */
  commit(key: string, token: string, write: boolean, value: Uint8Array | undefined): Promise<boolean>
}

export interface BotOptions {
  /** Default `'json'`; see the serialization guide for when to pick `'structured'`. */
  serialization?: SerializationName
  /**
   * How main and its children exchange frames, for processes added from now
   * on (`addProcess` may choose another per process). Default: the fork IPC channel.
   */
  transport?: TransportFactory
  /**
   * How long one `sharedMemory.update()`, in any process, may hold its key, in
   * milliseconds: from main giving it the key until main receives its write.
   * Then main gives the key to the next waiter, refuses the late write, and
   * the update rejects with `CommError` `ERR_LOCK_EXPIRED`. Default 10000;
   * `Infinity` turns the lease off. Applies to the locks granted from then on.
   */
  updateLease?: number
  /**
   * The largest message, stored value or publication any process may send,
   * in bytes as the serializer estimates them (about the length of its JSON).
   * Larger ones are refused where they are sent, with `MessageTooLargeError`
   * (`ERR_MESSAGE_TOO_LARGE`), so that one value cannot fill main's memory.
   * Default 64 MiB (67108864); at least 1024. Children started from then on
   * use the value main has when it starts them.
   */
  maxMessageBytes?: number
  /**
   * Joins this main to a cluster of mains (see the "Beyond one machine"
   * guide), for example `redisCluster({ url })` from `liteyuki-comm-redis`.
   * Only in the first `getBot()` call. Joining begins at once; `start()`
   * waits for it and `stop()` leaves the cluster.
   */
  cluster?: ClusterBackend
}

/**
 * Makes the connection between main and each child it starts. The default is
 * the IPC channel `child_process.fork` opens; another transport (a socket, a
 * network connection) needs no change to channels or storage.
 */
export interface TransportFactory {
  /**
   * The module a child imports to make its end (a `file:` URL, an absolute
   * path or a package name). It exports
   * `createChildTransport(options: unknown): Transport | Promise<Transport>`,
   * called with `childOptions`. Omitted: the child uses the fork IPC channel.
   */
  readonly childModule?: string | URL
  /** Called in main before each start of a child named `process`. */
  open(process: string): TransportLink
}

/** One child's connection, as `TransportFactory.open()` prepares it. */
export interface TransportLink {
  /** What the child's `createChildTransport` gets; it travels as JSON. */
  childOptions?: unknown
  /** Main's end, called once the child is forked. */
  connect(child: ChildProcess): Transport
}

/**
 * How two processes exchange frames. The fork IPC transport is the default;
 * a networked transport implements the same members.
 */
export interface Transport {
  /**
   * Queue a frame; implementations may batch. `size` approximates its encoded
   * payload in bytes. Never throws for a closed transport.
   */
  send(frame: Frame, size?: number): void
  /**
   * Optional, for transports that batch. When `frame` is the last one queued
   * and not written yet, and the batch has room for `size` more bytes, counts
   * them and returns true: the caller may then add to the frame (the small
   * messages of a stream travel as one frame). Otherwise returns false, and
   * the caller sends a new frame.
   */
  extend?(frame: Frame, size: number): boolean
  /** Called with each frame that arrives, in order. */
  onFrame(listener: (frame: Frame) => void): void
  /** Called once when the other side is gone. */
  onClose(listener: () => void): void
  /** Write out anything queued, then call back. */
  flush(callback?: () => void): void
  close(): void
  readonly closed: boolean
  /**
   * Optional. In a child, whether the connection keeps the process alive:
   * `ref()` while the child waits for something from main, `unref()` when it
   * waits for nothing, so that it can exit when its own code is done.
   */
  ref?(): void
  unref?(): void
}
