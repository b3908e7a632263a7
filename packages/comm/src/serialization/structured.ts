import { deserialize, serialize } from 'node:v8'
import { SerializationError } from '../errors.js'
import type { Serializer } from './types.js'
import { ROOT, builtinTag, childPath, describeValue, formatPath, type ValuePath } from './value-path.js'

/**
 * V8's structured clone (Map, Set, Date, BigInt, typed arrays, Buffer, cycles),
 * plus what V8 drops from errors: a custom `name`, `code` and other own
 * properties. Errors are swapped for tagged records before serializing.
 */
const ERROR_TAG = '__liteyuki_comm_error__'
const ERROR_TAG_BYTES = Buffer.from(ERROR_TAG, 'latin1')

interface ErrorRecord {
  [ERROR_TAG]: 1
  name: string
  message: string
  stack: string | undefined
  cause?: unknown
  props: Record<string, unknown>
}

export const structuredSerializer: Serializer = {
  name: 'structured',
  ipc: 'advanced',
  encode(value, context) {
    const prepared = replaceErrors(value, new Map())
    try {
      const wire = serialize(prepared)
      return { wire, size: wire.byteLength }
    } catch (error) {
      throw explain(value, context, error)
    }
  },
  decode(wire) {
    const buffer = wire as Uint8Array
    const value: unknown = deserialize(buffer)
    return Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).includes(ERROR_TAG_BYTES) ? reviveErrors(value, new Set()) : value
  },
  copy: wire => wire,
}

/** Copy-on-write: returns `value` itself unless an Error sits somewhere inside. */
function replaceErrors(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value
  const done = seen.get(value)
  if (done !== undefined) return done
  if (value instanceof Error) {
    const record: ErrorRecord = { [ERROR_TAG]: 1, name: value.name, message: value.message, stack: value.stack, props: {} }
    seen.set(value, record)
    if ('cause' in value) record.cause = replaceErrors(value.cause, seen)
    for (const key of Object.keys(value)) record.props[key] = replaceErrors((value as unknown as Record<string, unknown>)[key], seen)
    return record
  }
  seen.set(value, value)
  if (Array.isArray(value)) {
    const items = value.map(item => replaceErrors(item, seen))
    return differs(value, items) ? settle(value, items, seen) : value
  }
  if (value instanceof Map) {
    const flat = [...value].flat()
    const items = flat.map(item => replaceErrors(item, seen))
    if (!differs(flat, items)) return value
    const copy = new Map()
    for (let i = 0; i < items.length; i += 2) copy.set(items[i], items[i + 1])
    return settle(value, copy, seen)
  }
  if (value instanceof Set) {
    const original = [...value]
    const items = original.map(item => replaceErrors(item, seen))
    return differs(original, items) ? settle(value, new Set(items), seen) : value
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
    const original = keys.map(key => (value as Record<string, unknown>)[key])
    const items = original.map(item => replaceErrors(item, seen))
    return differs(original, items) ? settle(value, Object.fromEntries(keys.map((key, i) => [key, items[i]])), seen) : value
  }
  return value
}

function differs(original: readonly unknown[], replaced: readonly unknown[]): boolean {
  return replaced.some((item, i) => item !== original[i])
}

function settle<R>(original: object, copy: R, seen: Map<object, unknown>): R {
  seen.set(original, copy)
  return copy
}

function reviveErrors(value: unknown, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value
  seen.add(value)
  if (isErrorRecord(value)) {
    const error = new Error(value.message)
    error.name = value.name
    if (value.stack !== undefined) error.stack = value.stack
    if ('cause' in value) error.cause = reviveErrors(value.cause, seen)
    for (const [key, item] of Object.entries(value.props)) (error as unknown as Record<string, unknown>)[key] = reviveErrors(item, seen)
    return error
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveErrors(value[i], seen)
  } else if (value instanceof Map) {
    const entries = [...value].map(([k, v]) => [reviveErrors(k, seen), reviveErrors(v, seen)] as const)
    value.clear()
    for (const [k, v] of entries) value.set(k, v)
  } else if (value instanceof Set) {
    const items = [...value].map(item => reviveErrors(item, seen))
    value.clear()
    for (const item of items) value.add(item)
  } else if (isPlainObject(value)) {
    for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = reviveErrors((value as Record<string, unknown>)[key], seen)
  }
  return value
}

function isErrorRecord(value: object): value is ErrorRecord {
  return (value as Record<string, unknown>)[ERROR_TAG] === 1
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** V8 says only "could not be cloned"; find where, so the error names the path. */
function explain(value: unknown, context: string, cause: unknown): SerializationError {
  const found = findUncloneable(value, ROOT, new Set())
  const what = found ? `${formatPath(found.path)} is ${describeValue(found.value)}` : `the value could not be cloned (${(cause as Error).message})`
  return new SerializationError(`${context}: ${what}, which the structured serializer cannot carry.`)
}

const UNCLONEABLE_TAGS = new Set(['WeakMap', 'WeakSet', 'Promise', 'WeakRef', 'Generator'])

function findUncloneable(value: unknown, path: ValuePath, seen: Set<object>): { path: ValuePath; value: unknown } | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') return { path, value }
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined
  seen.add(value)
  if (UNCLONEABLE_TAGS.has(builtinTag(value))) return { path, value }
  if (ArrayBuffer.isView(value)) return undefined
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : value instanceof Map || value instanceof Set
      ? [...value].map((v, i) => [i, v])
      : Object.entries(value)
  for (const [key, item] of entries) {
    const found = findUncloneable(item, childPath(path, key), seen)
    if (found) return found
  }
  return undefined
}
