/**
 * The frames main and a child exchange; PROTOCOL.md explains the rules they
 * carry. Frames travel in batches inside an envelope whose marker key lets both
 * sides ignore foreign IPC messages (a child calling plain `process.send('x')`
 * must never confuse main). Main builds and checks frames in `main/child-link.ts`,
 * a child in `child/child-runtime.ts`; nothing else touches their shape.
 */

export const PROTOCOL_VERSION = 3
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

/** Options a registration carries: the channel's bound, and a default window for its ends. */
export interface RegisteredOptions {
  maxQueue?: number
  prefetch?: number
}

export type StoreRequest =
  | { op: 'get'; key: string }
  | { op: 'set'; key: string; v?: Wire }
  | { op: 'delete'; key: string }
  | { op: 'getAll' }
  /**
   * `w`: a number, unique in the sending process, by which a wait for the key
   * can be withdrawn. Answered once the key is the sender's: `{ lock, v?, lease? }`,
   * `lease` being how many ms main holds it for the sender (absent: no bound).
   */
  | { op: 'lock'; key: string; w?: number }
  /** Withdraws the `lock` request `w` if it still waits for the key; it then fails with `ERR_CANCELLED`. */
  | { op: 'withdraw'; key: string; w: number }
  /** Writes `v` (none: deletes; `abort`: writes nothing) and releases the key; refused (`ERR_LOCK_EXPIRED`) after the lease. */
  | { op: 'commit'; key: string; lock: number; v?: Wire; abort?: boolean }
  | { op: 'publish'; topic: string; d: Wire }

/** Frames a child sends to main. */
export type ChildFrame =
  | { t: 'hello'; pid: number; version: number }
  | { t: 'hold'; c: string }
  | { t: 'reg'; c: string; o?: RegisteredOptions }
  /** The end takes up to `w` unfinished messages at a time (its window). */
  | { t: 'listen'; c: string; w: number }
  /** The next `n` unfinished messages main gave this end are done. */
  | { t: 'ack'; c: string; n: number }
  /**
   * The end stops taking messages. `q`: the messages (by `q`) it gives back
   * unused; `n`: how many of the channel's messages it had received, so that
   * main also takes back the ones still on their way. Answered by `returned`.
   */
  | { t: 'ret'; c: string; q: number[]; n: number }
  /**
   * Answers `share`, or follows a smaller window: the end keeps listening and
   * gives back these messages (by `q`), which nothing began on, and, as with
   * `ret`, the ones main sent beyond the first `n`. Answered by `returned`.
   */
  | { t: 'back'; c: string; q: number[]; n: number }
  | { t: 'send'; c: string; d: Wire; z?: number }
  /**
   * Several sends on one channel, in order: what a stream of small messages
   * becomes inside one batch, so that the channel's name travels once.
   */
  | { t: 'sends'; c: string; d: Wire[] }
  | { t: 'req'; id: number; r: StoreRequest }
  /** A send that waits for room on a bounded channel: answered (`res` or `err` with this id) once main accepted or withdrew it. */
  | { t: 'put'; id: number; c: string; d: Wire; z?: number }
  /** Withdraws the `put` with this id if it still waits for room. */
  | { t: 'cancel'; id: number; c: string }
  | { t: 'sub'; topic: string }
  | { t: 'unsub'; topic: string }
  | { t: 'restart' }

/** Frames main sends to a child. */
export type MainFrame =
  /** `q`: the message's number on its channel; `r`: delivered before to an end that died with it unfinished. */
  | { t: 'msg'; c: string; d: Wire; s: string; q: number; z?: number; r?: 1 }
  /** Several small messages of one channel and one sender, none redelivered, in order: `q[i]` is the number of `d[i]`. */
  | { t: 'msgs'; c: string; s: string; q: number[]; d: Wire[] }
  | { t: 'res'; id: number; v?: Wire }
  | { t: 'err'; id: number; e: SerializedError }
  | { t: 'pub'; topic: string; d: Wire }
  | { t: 'reg'; c: string; o?: RegisteredOptions }
  | { t: 'full'; c: string; max: number }
  /** Every other holder left, none is coming back and nothing more waits for this end. */
  | { t: 'alone'; c: string; p: string; code: number | null; signal: string | null }
  /** The only other holder crashed and will be restarted: receive() calls waiting now fail. */
  | { t: 'crashed'; c: string; p: string; code: number | null; signal: string | null }
  /** Another holder joined a channel this end was alone on. */
  | { t: 'company'; c: string }
  /** Answers `ret`: nothing main sent the end before it is still on its way. */
  | { t: 'returned'; c: string }
  /** Another end began to listen and nothing waits for it: give back what you took ahead and have not begun (answered by `back`). */
  | { t: 'share'; c: string }
  | { t: 'stop' }

export type Frame = ChildFrame | MainFrame

export interface Envelope<F extends Frame = Frame> {
  [ENVELOPE_KEY]: typeof PROTOCOL_VERSION
  f: F[]
}

export function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Record<string, unknown>)[ENVELOPE_KEY] === PROTOCOL_VERSION &&
    Array.isArray((message as { f?: unknown }).f)
  )
}

/**
 * The protocol version a message of this library carries when it is not this
 * one (a main and a child of different liteyuki-comm versions); undefined for
 * envelopes of this version and for foreign messages.
 */
export function otherVersion(message: unknown): unknown {
  if (typeof message !== 'object' || message === null || !(ENVELOPE_KEY in message)) return undefined
  const version = (message as Record<string, unknown>)[ENVELOPE_KEY]
  return version === PROTOCOL_VERSION ? undefined : version
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
