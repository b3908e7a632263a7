import type { Awaitable, Unsubscribe } from '../types.js'

export type HookFn<A extends unknown[]> = (...args: A) => Awaitable<unknown>

/** A list of async callbacks run one after another, in the order they were added. */
export class Hook<A extends unknown[] = []> {
  readonly #fns = new Set<HookFn<A>>()

  add(fn: HookFn<A>, api: string): Unsubscribe {
    if (typeof fn !== 'function') throw new TypeError(`${api} needs a function, got ${typeof fn}.`)
    // Wrapping lets the same function be added twice and removed once.
    const entry: HookFn<A> = (...args) => fn(...args)
    this.#fns.add(entry)
    return () => this.#fns.delete(entry)
  }

  async call(...args: A): Promise<void> {
    await this.#run(() => true, rethrow, args)
  }

  /** Runs every callback, each on its own: one that fails goes to `failed` and does not keep the others from running. */
  async callEach(failed: (error: unknown) => void, ...args: A): Promise<void> {
    await this.#run(() => true, failed, args)
  }

  /** Like `call`, but a callback is not begun once `proceed()` says no. */
  async callWhile(proceed: () => boolean, ...args: A): Promise<void> {
    await this.#run(proceed, rethrow, args)
  }

  async #run(proceed: () => boolean, failed: (error: unknown) => void, args: A): Promise<void> {
    for (const fn of [...this.#fns]) {
      if (!proceed()) return
      try {
        await fn(...args)
      } catch (error) {
        failed(error)
      }
    }
  }
}

const rethrow = (error: unknown): never => {
  throw error
}
