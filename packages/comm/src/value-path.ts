/** Helpers that name a value and where it sits, for serialization errors. */

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`
}

export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'function': return 'a function'
    case 'symbol': return 'a symbol'
    case 'bigint': return 'a BigInt'
    case 'undefined': return 'undefined'
    case 'number': return String(value)
    case 'object': {
      if (value === null) return 'null'
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name
      return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object'
    }
    default: return `a ${typeof value}`
  }
}

/** `[object Map]` → `Map`: identifies built-ins even across realms. */
export function builtinTag(value: object): string {
  return Object.prototype.toString.call(value).slice(8, -1)
}
