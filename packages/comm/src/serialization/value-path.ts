/** Helpers that name a value and where it sits, for serialization errors. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** Where a value sits, as a chain of keys; formatted only when an error needs it. */
export interface ValuePath {
  parent: ValuePath | undefined
  key: string | number
}

export const ROOT: ValuePath = { parent: undefined, key: 'value' }

export function childPath(parent: ValuePath, key: string | number): ValuePath {
  return { parent, key }
}

export function formatPath(path: ValuePath): string {
  if (!path.parent) return String(path.key)
  const { key } = path
  const prefix = formatPath(path.parent)
  if (typeof key === 'number') return `${prefix}[${key}]`
  return IDENTIFIER.test(key) ? `${prefix}.${key}` : `${prefix}[${JSON.stringify(key)}]`
}

export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'function':
      return 'a function'
    case 'symbol':
      return 'a symbol'
    case 'bigint':
      return 'a BigInt'
    case 'undefined':
      return 'undefined'
    case 'number':
      return String(value)
    case 'object': {
      if (value === null) return 'null'
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name
      return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
    }
    default:
      return `a ${typeof value}`
  }
}

/** `[object Map]` → `Map`: identifies built-ins even across realms. */
export function builtinTag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1)
}
