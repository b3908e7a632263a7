import { deserialize, serialize } from 'node:v8'
import type { RegisteredOptions, Wire } from './frames.js'

/**
 * The frames mains exchange through a cluster backend; PROTOCOL.md
 * ("Between mains") explains the rules. Every main builds and checks them in
 * `main/cluster-link.ts`; nothing else touches their shape.
 */
export const CLUSTER_PROTOCOL_VERSION = 1

export type ClusterFrame =
  /** Broadcast by a main that joined: the others answer with `state`. */
  | { t: 'hello'; v: number; s: string }
  /** What this main has registered and holds, for a main that just joined. */
  | { t: 'state'; reg: Array<[string, RegisteredOptions]>; hold: Array<[string, number]> }
  /** Broadcast: a channel registered here; `m`: by main (its bound wins). */
  | { t: 'reg'; c: string; o: RegisteredOptions; m: boolean }
  /** Broadcast: this main holds the channel and takes up to `w` of its messages at a time (0: holds, takes none now). */
  | { t: 'hold'; c: string; w: number }
  /** Broadcast: this main holds the channel no more. */
  | { t: 'drop'; c: string }
  /** A channel message for the receiving main's ends: `q` is its number at the sending main. */
  | { t: 'msg'; c: string; q: number; f: string; d: Wire; r?: true }
  /** These messages (by `q`) were used. */
  | { t: 'ack'; c: string; q: number[] }
  /** Messages given back unused: nobody is left here to take them. `r`: the ones a dead end had begun. */
  | { t: 'ret'; c: string; q: number[]; r: number[] }
  /** Broadcast: a publication. */
  | { t: 'pub'; p: string; f: string; d: Wire }

/** Bytes on the backend: JSON for the JSON serializer (readable, any Node.js version), V8's format for the structured one. */
export interface FrameCodec {
  encode(frame: ClusterFrame): Uint8Array
  decode(bytes: Uint8Array): unknown
  /** A stored value's wire, as the backend keeps it. */
  encodeValue(wire: Wire): Uint8Array
  decodeValue(bytes: Uint8Array): Wire
}

const utf8 = new TextDecoder()
const encoder = new TextEncoder()

const jsonCodec: FrameCodec = {
  encode: frame => encoder.encode(JSON.stringify(frame)),
  decode: bytes => JSON.parse(utf8.decode(bytes)) as unknown,
  encodeValue: wire => encoder.encode(JSON.stringify(wire)),
  decodeValue: bytes => JSON.parse(utf8.decode(bytes)) as Wire,
}

const v8Codec: FrameCodec = {
  encode: frame => serialize(frame),
  decode: bytes => deserialize(bytes) as unknown,
  encodeValue: wire => wire as Uint8Array,
  decodeValue: bytes => bytes,
}

export const codecFor = (serialization: string): FrameCodec => (serialization === 'json' ? jsonCodec : v8Codec)
