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
  const keys: Array<string | number> = []
  for (let at: ValuePath | undefined = path; at?.parent; at = at.parent) keys.unshift(at.key)
  return formatKeys(keys)
}

/** `value.user.tags[2]`, from the keys below the value, outermost first. */
export function formatKeys(keys: ReadonlyArray<string | number>): string {
  let text = ROOT.key as string
  for (const key of keys) {
    if (typeof key === 'number') text += `[${key}]`
    else text += IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
  }
  return text
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
