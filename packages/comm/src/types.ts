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
  /** The process that sent it: `'main'` or a child's name. */
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

export interface ProcessInfo {
  name: string
  file: string
  pid: number | undefined
  state: ProcessState
  /** Automatic restarts since the process was last started by hand. */
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

export interface BotOptions {
  /** Default `'json'`; see the serialization guide for when to pick `'structured'`. */
  serialization?: SerializationName
  /**
   * How main and its children exchange frames, for processes added from now
   * on (`addProcess` may choose another per process). Default: the fork IPC channel.
   */
  transport?: TransportFactory
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
