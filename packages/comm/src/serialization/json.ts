import { SerializationError } from '../errors.js'
import type { Serializer } from './types.js'
import { builtinTag, describeValue, formatKeys } from './value-path.js'

/**
 * JSON that refuses to lose data: JSON.stringify silently drops functions and
 * turns a Map into `{}`; here such values fail in the sender with the path of
 * the offending value. Encoding also copies, so a message queued for a child
 * that has not started yet cannot be changed by the caller afterwards.
 */
export const jsonSerializer: Serializer = {
  name: 'json',
  ipc: 'json',
  encode(value, context) {
    const walk = newWalk(context)
    const wire = toJsonValue(value, walk)
    return { wire, size: walk.size }
  },
  decode: wire => wire,
  copy: wire => toJsonValue(wire, newWalk('copy')),
}

/** Objects whose content JSON would drop or mangle: they must be refused. */
const REFUSED_TAGS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Error', 'Promise', 'ArrayBuffer', 'SharedArrayBuffer', 'WeakRef'])

/**
 * The state of one walk. This runs for every message sent, so it allocates
 * nothing per value but the copy: where the walk is (`keys`) and the objects
 * it is inside (`ancestors`) are stacks, and a path is only spelled out for
 * an error.
 */
interface Walk {
  context: string
  keys: Array<string | number>
  ancestors: object[]
  /** Approximate JSON length, counted on the way. */
  size: number
}

const newWalk = (context: string): Walk => ({ context, keys: [], ancestors: [], size: 0 })

function toJsonValue(value: unknown, walk: Walk): unknown {
  switch (typeof value) {
    case 'string':
      walk.size += value.length + 2
      return value
    case 'boolean':
      walk.size += 5
      return value
    case 'number':
      walk.size += 8
      if (Number.isFinite(value)) return value
      throw unsupported(walk, value)
    case 'object':
      break
    default:
      throw unsupported(walk, value)
  }
  walk.size += 2
  if (value === null) return null
  const prototype: unknown = Object.getPrototypeOf(value)
  // Plain objects and arrays, nearly every message, skip the checks for built-ins.
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) {
    if (ArrayBuffer.isView(value) || REFUSED_TAGS.has(builtinTag(value))) throw unsupported(walk, value)
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') return toJsonValue(toJSON.call(value), walk)
  const { ancestors, keys } = walk
  // A linear scan, as JSON.stringify does: the stack is as deep as the value, rarely more than a few.
  if (ancestors.includes(value)) {
    throw new SerializationError(`${walk.context}: ${formatKeys(keys)} is a circular reference, which the json serializer cannot carry.`)
  }
  ancestors.push(value)
  let copy: unknown
  if (Array.isArray(value)) {
    // Sized once: arrays of thousands of items are common payloads.
    // oxlint-disable-next-line unicorn/no-new-array
    const array: unknown[] = new Array(value.length)
    for (let i = 0; i < value.length; i++) {
      keys.push(i)
      array[i] = toJsonValue(value[i], walk)
      keys.pop()
    }
    copy = array
  } else {
    const object: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key]
      // An undefined property is absent, exactly as in JSON.
      if (item === undefined) continue
      walk.size += key.length + 4
      keys.push(key)
      object[key] = toJsonValue(item, walk)
      keys.pop()
    }
    copy = object
  }
  ancestors.pop()
  return copy
}

function unsupported(walk: Walk, value: unknown): SerializationError {
  return new SerializationError(
    `${walk.context}: ${formatKeys(walk.keys)} is ${describeValue(value)}, which the json serializer cannot carry. ` +
      `Convert it to plain JSON data, or choose getBot({ serialization: 'structured' }).`,
  )
}
