/**
 * The wire protocol between main and a child. Frames travel in batches inside
 * an envelope whose marker key lets both sides ignore foreign IPC messages
 * (a child calling plain `process.send('x')` must never confuse main).
 */
import type { ChannelOptions } from './types.js'

export const PROTOCOL_VERSION = 1
export const ENVELOPE_KEY = '__liteyuki_comm__'

/** Sizes travel with a frame only when they matter for batching, to keep small frames small. */
export const SIZE_WORTH_SENDING = 16 * 1024
export const sizeField = (size: number): { z?: number } => (size >= SIZE_WORTH_SENDING ? { z: size } : {})

/** Encoded payload: whatever the active serializer produces. */
export type Wire = unknown

export interface SerializedError {
  name: string
  message: string
  code?: string
}

export type StoreRequest =
  | { op: 'get'; key: string }
  | { op: 'set'; key: string; v?: Wire }
  | { op: 'delete'; key: string }
  | { op: 'getAll' }
  | { op: 'lock'; key: string }
  | { op: 'commit'; key: string; lock: number; v?: Wire; abort?: boolean }
  | { op: 'publish'; topic: string; d: Wire }

/** Frames a child sends to main. */
export type ChildFrame =
  | { t: 'hello'; pid: number; version: number }
  | { t: 'hold'; c: string; o?: ChannelOptions }
  | { t: 'reg'; c: string; o?: ChannelOptions }
  /** `n`: how many messages the end takes (one per waiting receive()); absent: all (passive). `r`: messages of the channel it got so far. */
  | { t: 'listen'; c: string; n?: number; r?: number }
  | { t: 'unlisten'; c: string }
  | { t: 'send'; c: string; d: Wire; z?: number }
  | { t: 'requeue'; c: string; d: Array<[from: string, wire: Wire, seq: number]> }
  | { t: 'req'; id: number; r: StoreRequest }
  | { t: 'sub'; topic: string }
  | { t: 'unsub'; topic: string }
  | { t: 'restart' }

/** Frames main sends to a child. */
export type MainFrame =
  /** `q`: the message's place in the channel's order, so that a message handed back goes back to its place. */
  | { t: 'msg'; c: string; d: Wire; s: string; q: number; z?: number }
  | { t: 'res'; id: number; v?: Wire }
  | { t: 'err'; id: number; e: SerializedError }
  | { t: 'pub'; topic: string; d: Wire }
  | { t: 'reg'; c: string; o?: ChannelOptions }
  | { t: 'full'; c: string; max: number }
  /** `b`: the process had left before the receive() began. */
  | { t: 'peer-exit'; c: string; p: string; code: number | null; signal: string | null; b?: 1 }
  /** Answers 'unlisten': every message main routed to the end before it is already on its way. */
  | { t: 'unlistened'; c: string }
  | { t: 'stop' }

export type Frame = ChildFrame | MainFrame

export interface Envelope<F extends Frame = Frame> {
  [ENVELOPE_KEY]: typeof PROTOCOL_VERSION
  f: F[]
}

export function isEnvelope(message: unknown): message is Envelope {
  return typeof message === 'object' && message !== null
    && (message as Record<string, unknown>)[ENVELOPE_KEY] === PROTOCOL_VERSION
    && Array.isArray((message as { f?: unknown }).f)
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? { name: error.name, message: error.message, code } : { name: error.name, message: error.message }
  }
  return { name: 'Error', message: String(error) }
}

export function deserializeError(e: SerializedError): Error {
  const error = e.name === 'TypeError' || e.name === 'SerializationError' ? new TypeError(e.message) : new Error(e.message)
  error.name = e.name
  if (e.code !== undefined) Object.assign(error, { code: e.code })
  return error
}
