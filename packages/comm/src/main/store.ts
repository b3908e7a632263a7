import { cancelledError } from '../delivery/put.js'
import type { Wire } from '../protocol/frames.js'
import type { KeyStore } from './key-store.js'

interface Waiting {
  process: string
  task: (lock: number) => void
  /** Set for a lock request that can be withdrawn: its number, and what tells the requester. */
  withdrawal?: { token: number; cancel(): void }
}

interface KeyLock {
  owner: string | undefined
  lock: number
  waiting: Waiting[]
  pumping: boolean
}

/**
 * The key-value store, held by main. Every operation on a key runs in that
 * key's FIFO queue; `lock` holds the queue until `commit`, which is what makes
 * `update` an atomic read-modify-write across processes.
 */
export class Store implements KeyStore {
  readonly #values = new Map<string, Wire>()
  readonly #keys = new Map<string, KeyLock>()
  #nextLock = 1

  get(process: string, key: string): Promise<Wire | undefined> {
    return this.#run(process, key, () => this.#values.get(key))
  }

  set(process: string, key: string, wire: Wire | undefined): Promise<void> {
    return this.#run(process, key, () => {
      this.#write(key, wire)
    })
  }

  delete(process: string, key: string): Promise<boolean> {
    return this.#run(process, key, () => this.#values.delete(key))
  }

  entries(): Array<[string, Wire]> {
    return [...this.#values]
  }

  /**
   * Waits for the key, then holds it until `commit` with the returned lock.
   * With a `token`, `withdraw` can take the request back while it waits.
   */
  lock(process: string, key: string, token?: number): Promise<{ lock: number; v?: Wire }> {
    return new Promise((resolve, reject) => {
      const task = (lock: number): void => {
        const v = this.#values.get(key)
        resolve(v === undefined ? { lock } : { lock, v })
      }
      this.#acquire(process, key, task, token === undefined ? undefined : { token, cancel: () => reject(cancelledError()) })
    })
  }

  /** Takes back a lock request still waiting for the key; one that got the key already is left as it is. */
  withdraw(process: string, key: string, token: number): void {
    const state = this.#keys.get(key)
    const index = state?.waiting.findIndex(w => w.process === process && w.withdrawal?.token === token) ?? -1
    if (index < 0) return
    const [withdrawn] = state!.waiting.splice(index, 1)
    withdrawn!.withdrawal!.cancel()
  }

  /** Only the process that holds the lock can commit it. */
  commit(process: string, key: string, lock: number, wire: Wire | undefined, abort: boolean): boolean {
    const state = this.#keys.get(key)
    if (state?.lock !== lock || state.owner !== process) return false
    if (!abort) this.#write(key, wire)
    this.#release(key, state)
    return true
  }

  /** A process died: its locks are released and its queued operations dropped. */
  releaseAll(process: string): void {
    for (const [key, state] of this.#keys) {
      state.waiting = state.waiting.filter(w => w.process !== process)
      if (state.owner === process) this.#release(key, state)
    }
  }

  #write(key: string, wire: Wire | undefined): void {
    if (wire === undefined) this.#values.delete(key)
    else this.#values.set(key, wire)
  }

  #run<R>(process: string, key: string, operation: () => R): Promise<R> {
    return new Promise(resolve => {
      this.#acquire(process, key, () => {
        const result = operation()
        this.#release(key, this.#keys.get(key)!)
        resolve(result)
      })
    })
  }

  #acquire(process: string, key: string, task: (lock: number) => void, withdrawal?: Waiting['withdrawal']): void {
    let state = this.#keys.get(key)
    if (!state) {
      state = { owner: undefined, lock: 0, waiting: [], pumping: false }
      this.#keys.set(key, state)
    }
    state.waiting.push(withdrawal ? { process, task, withdrawal } : { process, task })
    this.#pump(key, state)
  }

  #release(key: string, state: KeyLock): void {
    state.owner = undefined
    this.#pump(key, state)
  }

  /** A loop rather than recursion: thousands of queued operations must not grow the stack. */
  #pump(key: string, state: KeyLock): void {
    if (state.pumping) return
    state.pumping = true
    while (state.owner === undefined && state.waiting.length > 0) {
      const next = state.waiting.shift()!
      state.owner = next.process
      state.lock = this.#nextLock++
      next.task(state.lock)
    }
    state.pumping = false
    if (state.owner === undefined && this.#keys.get(key) === state) this.#keys.delete(key)
  }
}
