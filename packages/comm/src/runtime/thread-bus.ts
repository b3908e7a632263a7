import { isMainThread } from 'node:worker_threads'
import { WrongProcessError } from '../errors.js'
import { globalState } from './runtime.js'
import type { SerializedError, StoreRequest, Wire } from '../protocol/frames.js'
import type { SerializationName } from '../types.js'

/**
 * How a worker thread reaches its process's main thread, which reaches the
 * hub for it. A `BroadcastChannel` joins every thread of one process by name
 * alone, so threads need no setup from the application: the library's main
 * thread answers whatever thread calls. (A `MessagePort` handed to each
 * Worker would need the application to pass it along.)
 */
export const THREAD_BUS = 'liteyuki-comm:threads'

/**
 * What a thread needs to know synchronously about its process. Workers copy
 * the environment of the thread that starts them, so the main thread
 * announces it there; `pid` tells a stale copy (inherited by a process the
 * application spawned) from this process's own.
 */
export interface ProcessIdentity {
  pid: number
  name: string
  serialization: SerializationName
  /** Main's `maxMessageBytes`, when it is not the default: a thread refuses what its process would. */
  maxMessageBytes?: number
}

const IDENTITY_ENV = 'LITEYUKI_COMM_PROCESS'

/** Called again whenever what threads must know changes (`getBot()` options); threads started later see the latest. */
export function announceProcess(identity: Pick<ProcessIdentity, 'name' | 'serialization'>): void {
  if (!isMainThread) return
  const { maxMessageBytes } = globalState()
  process.env[IDENTITY_ENV] = JSON.stringify({
    pid: process.pid,
    name: identity.name,
    serialization: identity.serialization,
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  })
}

/** In a worker thread: its process, if the process's main thread loaded the library. */
export function threadIdentity(): ProcessIdentity | undefined {
  if (isMainThread) return undefined
  const raw = process.env[IDENTITY_ENV]
  if (raw === undefined) return undefined
  const identity = JSON.parse(raw) as ProcessIdentity
  return identity.pid === process.pid ? identity : undefined
}

/** Forked children get their identity from main, never main's own. */
export const IDENTITY_ENV_KEY = IDENTITY_ENV

/** What a thread sends to its process's main thread; `from` is its threadId. */
export type ThreadMessage =
  | { k: 'req'; from: number; id: number; r: StoreRequest; what: string; s: SerializationName }
  | { k: 'sub' | 'unsub'; from: number; topic: string }
  | { k: 'restart'; from: number }
  /** The thread is exiting: what it holds at main (locks, subscriptions) goes with it. */
  | { k: 'gone'; from: number }

/** What the main thread sends back; every thread hears it, so it says whom it is for. */
export type RelayMessage =
  | { k: 'res'; to: number; id: number; v?: unknown }
  | { k: 'err'; to: number; id: number; e: SerializedError }
  | { k: 'pub'; to: number[]; topic: string; d: Wire }

/** Channels live on a process's main thread; a worker thread is told so at once. */
export function assertChannelsHere(api: string): void {
  if (!isMainThread) throw channelsUnavailable(api)
}

export function channelsUnavailable(api: string): WrongProcessError {
  return new WrongProcessError(
    `${api} is not available in a worker thread: channels work on the main thread of a process only. sharedMemory and publish/subscribe work from threads and reach the same store as their process.`,
  )
}
