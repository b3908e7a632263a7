import type { Wire } from '../protocol/frames.js'
import type { SerializationName } from '../types.js'

/**
 * Turns values into something the IPC channel can carry, and back. The
 * encoded form is independent of the value it came from.
 */
export interface Encoded {
  wire: Wire
  size: number
}

export interface Serializer {
  readonly name: SerializationName
  /** The `serialization` option `child_process.fork` needs for this wire form. */
  readonly ipc: 'json' | 'advanced'
  /**
   * Validates and encodes; throws a `SerializationError` naming `context` and
   * the bad value's path. `size` approximates the encoded bytes, so the
   * transport can send large messages alone instead of batching them.
   */
  encode(value: unknown, context: string): Encoded
  /** The value back. The result may share memory with `wire`. */
  decode(wire: Wire): unknown
  /** A wire value safe to hand out while the original stays stored or queued. */
  copy(wire: Wire): Wire
}
