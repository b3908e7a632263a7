import type { Handler, Predicate } from './types.js'

/**
 * Wraps a handler so that it sees messages one at a time and in order, even
 * when it or its filter is async; a sync handler runs at once with no promise
 * in between. Errors go to `report` and never stop later messages.
 */
export function orderedHandler<T>(
  handler: Handler<T>,
  filter: Predicate<T> | undefined,
  report: (error: unknown) => void,
): (value: T) => void {
  let tail: Promise<void> | undefined

  const invoke = (value: T): Promise<void> | undefined => {
    try {
      const pass = filter ? filter(value) : true
      if (isThenable(pass)) {
        return Promise.resolve(pass).then(ok => (ok ? handler(value) : undefined)).then(noop, report)
      }
      if (!pass) return undefined
      const result = handler(value)
      if (isThenable(result)) return Promise.resolve(result).then(noop, report)
    } catch (error) {
      report(error)
    }
    return undefined
  }

  const track = (promise: Promise<void>): void => {
    tail = promise
    void promise.then(() => {
      if (tail === promise) tail = undefined
    })
  }

  return (value) => {
    if (tail) return track(tail.then(() => invoke(value)))
    const pending = invoke(value)
    if (pending) track(pending)
  }
}

function noop(): void {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
