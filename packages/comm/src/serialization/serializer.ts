import { jsonSerializer } from './json.js'
import { structuredSerializer } from './structured.js'
import type { SerializationName } from '../types.js'
import type { Serializer } from './types.js'

export type { Encoded, Serializer } from './types.js'

export function getSerializer(name: SerializationName): Serializer {
  if (name === 'json') return jsonSerializer
  if (name === 'structured') return structuredSerializer
  throw new TypeError(`Unknown serialization '${String(name)}': use 'json' or 'structured'.`)
}
