import { deserializeError, type SerializedError } from '../protocol/frames.js'

interface Entry {
  resolve(value: unknown): void
  reject(error: Error): void
  /** The call, for the error if the other side goes away first. */
  what: string
  release(): void
}

/**
 * The requests sent and not answered yet, by id: a child's to main, a worker
 * thread's to its process's main thread. Each open request holds what keeps
 * its process (or thread) alive, until its answer comes.
 */
export class PendingRequests {
  readonly #entries = new Map<number, Entry>()
  readonly #hold: () => () => void
  #nextId = 1

  /** `hold()` keeps the process alive until the function it returns is called. */
  constructor(hold: () => () => void) {
    this.#hold = hold
  }

  /** A request under a new id, which `post` sends; `done` settles with the answer to that id. */
  open(what: string, post: (id: number) => void): { id: number; done: Promise<unknown> } {
    const id = this.#nextId++
    const done = new Promise<unknown>((resolve, reject) => {
      this.#entries.set(id, { resolve, reject, what, release: this.#hold() })
      post(id)
    })
    return { id, done }
  }

  /** The answer to request `id`: a value, or an error as it crossed the boundary. Unknown ids are ignored. */
  settle(id: number, answer: { ok: true; v?: unknown } | { ok: false; e: SerializedError }): void {
    const entry = this.#entries.get(id)
    if (!entry) return
    this.#entries.delete(id)
    entry.release()
    if (answer.ok) entry.resolve(answer.v)
    else entry.reject(deserializeError(answer.e))
  }

  /** The other side is gone: every open request fails with the error `failure(what)` makes. */
  failAll(failure: (what: string) => Error): void {
    const entries = [...this.#entries.values()]
    this.#entries.clear()
    for (const entry of entries) {
      entry.release()
      entry.reject(failure(entry.what))
    }
  }
}
