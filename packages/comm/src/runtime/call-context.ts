import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Which call is running, followed through its awaits where that is cheap.
 *
 * An `AsyncLocalStorage` follows a call through its awaits, but before Node.js
 * 24 (async context frames) using one turns on promise hooks for the whole
 * process: every `await` of the application gets slower, and stays slower
 * after the storage is disabled. So it is used only on Node.js 24+, or when
 * `LITEYUKI_COMM_DEBUG=1` asks for it. Otherwise only the synchronous part of
 * the call is followed: code it runs before its first `await`.
 */
export interface CallContext<T> {
  /** Whether the context is followed through awaits. */
  readonly followsAwaits: boolean
  get(): T | undefined
  run<R>(value: T, fn: () => R): R
}

export function followsAwaits(): boolean {
  return Number(process.versions.node.split('.')[0]) >= 24 || process.env.LITEYUKI_COMM_DEBUG === '1'
}

export function createCallContext<T>(): CallContext<T> {
  if (followsAwaits()) {
    const storage = new AsyncLocalStorage<T>()
    return { followsAwaits: true, get: () => storage.getStore(), run: (value, fn) => storage.run(value, fn) }
  }
  let current: T | undefined
  return {
    followsAwaits: false,
    get: () => current,
    run: (value, fn) => {
      const previous = current
      current = value
      try {
        return fn()
      } finally {
        current = previous
      }
    },
  }
}
