import { SerializationError } from '../errors.js'
import type { Serializer } from './serializer.js'
import { ROOT, builtinTag, childPath, describeValue, formatPath, type ValuePath } from './value-path.js'

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
    if (value === undefined) throw unsupported(context, ROOT, value)
    const walk: Walk = { context, ancestors: new Set(), size: 0 }
    const wire = toJsonValue(value, ROOT, walk)
    return { wire, size: walk.size }
  },
  decode: wire => wire,
  copy: wire => toJsonValue(wire, ROOT, { context: 'copy', ancestors: new Set(), size: 0 }),
}

/** Objects whose content JSON would drop or mangle: they must be refused. */
const REFUSED_TAGS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Error', 'Promise', 'ArrayBuffer', 'SharedArrayBuffer', 'WeakRef'])

interface Walk {
  context: string
  ancestors: Set<object>
  /** Approximate JSON length, counted on the way. */
  size: number
}

function toJsonValue(value: unknown, path: ValuePath, walk: Walk): unknown {
  const { context, ancestors } = walk
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
      throw unsupported(context, path, value)
    case 'object':
      break
    default:
      throw unsupported(context, path, value)
  }
  walk.size += 2
  if (value === null) return null
  if (ArrayBuffer.isView(value) || REFUSED_TAGS.has(builtinTag(value))) throw unsupported(context, path, value)
  const toJSON = (value as { toJSON?: unknown }).toJSON
  if (typeof toJSON === 'function') return toJsonValue(toJSON.call(value), path, walk)
  if (ancestors.has(value)) throw new SerializationError(`${context}: ${formatPath(path)} is a circular reference, which the json serializer cannot carry.`)
  ancestors.add(value)
  let copy: unknown
  if (Array.isArray(value)) {
    // Sized once: arrays of thousands of items are common payloads.
    // oxlint-disable-next-line unicorn/no-new-array
    const array: unknown[] = new Array(value.length)
    for (let i = 0; i < value.length; i++) array[i] = toJsonValue(value[i], childPath(path, i), walk)
    copy = array
  } else {
    const object: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key]
      // An undefined property is absent, exactly as in JSON.
      if (item === undefined) continue
      walk.size += key.length + 4
      object[key] = toJsonValue(item, childPath(path, key), walk)
    }
    copy = object
  }
  ancestors.delete(value)
  return copy
}

function unsupported(context: string, path: ValuePath, value: unknown): SerializationError {
  return new SerializationError(
    `${context}: ${formatPath(path)} is ${describeValue(value)}, which the json serializer cannot carry. ` +
      `Convert it to plain JSON data, or choose getBot({ serialization: 'structured' }).`,
  )
}
