import type { Awaitable, Predicate } from '../types.js'

/**
 * Calls a handler (after its filter) on one value. Returns a promise only when
 * the filter or the handler is async; it never rejects: errors go to `report`.
 */
export function handlerCall<T, A extends unknown[]>(
  handler: (value: T, ...extra: A) => Awaitable<unknown>,
  filter: Predicate<T> | undefined,
  report: (error: unknown) => void,
): (value: T, ...extra: A) => Promise<void> | undefined {
  return (value, ...extra) => {
    try {
      const pass = filter ? filter(value) : true
      if (isThenable(pass)) {
        return Promise.resolve(pass)
          .then(ok => (ok ? handler(value, ...extra) : undefined))
          .then(noop, report)
      }
      if (!pass) return undefined
      const result = handler(value, ...extra)
      if (isThenable(result)) return Promise.resolve(result).then(noop, report)
    } catch (error) {
      report(error)
    }
    return undefined
  }
}

/**
 * Runs `call` on items one at a time and in order, even when it is async; a
 * sync call runs at once with no promise in between. Items waiting behind an
 * async call can be taken back, and `idle()` tells when all are done: that is
 * what lets a stopping process finish or hand back what it was given.
 */
export class OrderedRunner<I> {
  readonly #call: (item: I) => Promise<void> | undefined
  /** Items waiting for the running call; `#head` skips the started ones without shifting the array. */
  #queue: I[] = []
  #head = 0
  #running = false
  #idle: Array<() => void> = []

  constructor(call: (item: I) => Promise<void> | undefined) {
    this.#call = call
  }

  push(item: I): void {
    if (this.#running) {
      this.#queue.push(item)
      return
    }
    this.#running = true
    const pending = this.#call(item)
    if (pending) void pending.then(this.#next)
    else this.#next()
  }

  /** Removes the waiting items that pass `test` (none of them started) and returns them, in order. */
  take(test: (item: I) => boolean): I[] {
    const waiting = this.#queue.slice(this.#head)
    const taken = waiting.filter(test)
    if (taken.length > 0) {
      this.#queue = waiting.filter(item => !test(item))
      this.#head = 0
    }
    return taken
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (!this.#running) return Promise.resolve()
    return new Promise(resolve => this.#idle.push(resolve))
  }

  readonly #next = (): void => {
    while (this.#head < this.#queue.length) {
      const item = this.#queue[this.#head]!
      this.#queue[this.#head++] = undefined as I
      const pending = this.#call(item)
      if (pending) return void pending.then(this.#next)
    }
    // This runs after every item: it allocates only when something waited.
    if (this.#head > 0) {
      this.#queue = []
      this.#head = 0
    }
    this.#running = false
    if (this.#idle.length > 0) for (const resolve of this.#idle.splice(0)) resolve()
  }
}

function noop(): void {}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}
