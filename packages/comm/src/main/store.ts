import { type CommError, lockExpiredError, lockNotHeldError } from '../errors.js'
import type { Wire } from '../protocol/frames.js'
import type { Granted, KeyStore } from './key-store.js'
import { cancelledError } from '../runtime/withdrawable.js'

/** A lock request taken back while it waited for its key. */
export const withdrawnError = (key: string): CommError => cancelledError(`The lock request on key '${key}' was withdrawn before the key was free.`)

/** How long an update may hold its key by default, in ms: generous for a real updater, short for a key nobody can use. */
export const DEFAULT_LEASE = 10_000
/** Expired locks remembered per process, so that a late commit is told why it is refused. */
export const EXPIRED_KEPT = 1024

interface Waiting {
  process: string
  task: (lock: number) => void
  /** Set for a lock request that can be withdrawn: its number, and what tells the requester. */
  withdrawal?: { token: number; cancel(): void }
  /** A lock request (held until commit), not a single operation. */
  locks?: true
}

interface KeyLock {
  owner: string | undefined
  lock: number
  waiting: Waiting[]
  /**
   * Lock requests of processes that already have one in `waiting` or hold the
   * key: each waits in its own process's line and joins `waiting` when the one
   * before it is done, so one process cannot queue up many leases ahead of others.
   */
  backlog: Waiting[]
  /** The owner holds the key by a lock request (not one operation). */
  ownerLocks: boolean
  pumping: boolean
  /** Ends the lease of the lock held now. */
  lease?: ReturnType<typeof setTimeout> | undefined
}

/**
 * The key-value store, held by main. Every operation on a key runs in that
 * key's FIFO queue; `lock` holds the queue until `commit`, which is what makes
 * `update` an atomic read-modify-write across processes.
 *
 * A lock is leased: held for at most `lease()` ms, read when it is granted
 * (`Infinity`: no bound). When the lease runs out the key goes to the next
 * waiter, and the commit that comes later is refused with
 * `ERR_LOCK_EXPIRED`, so that nothing, however slow or forged, holds a key
 * for good or writes over a value written after its lease.
 */
export class Store implements KeyStore {
  readonly #values = new Map<string, Wire>()
  readonly #keys = new Map<string, KeyLock>()
  /** Per process: its locks whose lease ran out and that it has not committed, with their key and lease. */
  readonly #expired = new Map<string, Map<number, { key: string; lease: number }>>()
  readonly #lease: () => number
  #nextLock = 1

  constructor(lease: () => number = () => DEFAULT_LEASE) {
    this.#lease = lease
  }

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
   * Waits for the key, then holds it until `commit` with the returned lock,
   * or until its lease runs out. With a `token`, `withdraw` can take the
   * request back while it waits.
   */
  lock(process: string, key: string, token?: number): Promise<Granted> {
    return new Promise((resolve, reject) => {
      const task = (lock: number): void => {
        const granted: Granted = { lock }
        const v = this.#values.get(key)
        if (v !== undefined) granted.v = v
        const lease = this.#lease()
        if (lease !== Number.POSITIVE_INFINITY) {
          const state = this.#keys.get(key)!
          state.lease = setTimeout(() => this.#expire(key, state, lock, lease), lease)
          // A key held by some process does not keep main alive.
          state.lease.unref()
          granted.lease = lease
        }
        resolve(granted)
      }
      this.#acquire(process, key, task, token === undefined ? undefined : { token, cancel: () => reject(withdrawnError(key)) }, true)
    })
  }

  /** Takes back a lock request still waiting for the key; one that got the key already is left as it is. */
  withdraw(process: string, key: string, token: number): void {
    const state = this.#keys.get(key)
    if (!state) return
    const mine = (w: Waiting): boolean => w.process === process && w.withdrawal?.token === token
    const backlogged = state.backlog.findIndex(mine)
    if (backlogged >= 0) return state.backlog.splice(backlogged, 1)[0]!.withdrawal!.cancel()
    const index = state.waiting.findIndex(mine)
    if (index < 0) return
    const [withdrawn] = state.waiting.splice(index, 1)
    withdrawn!.withdrawal!.cancel()
    this.#promote(state, process)
    this.#pump(key, state)
  }

  /**
   * Writes (unless `abort`) and releases the key. Only the process that holds
   * the lock can commit it, and only within its lease: otherwise this throws
   * (`ERR_LOCK_EXPIRED` when the lease ran out, `ERR_LOCK` for a lock the
   * process never held or committed already) and nothing is written.
   */
  commit(process: string, key: string, lock: number, wire: Wire | undefined, abort: boolean): void {
    const state = this.#keys.get(key)
    if (state?.lock !== lock || state.owner !== process) {
      const expired = this.#expired.get(process)?.get(lock)
      if (expired?.key === key) {
        this.#expired.get(process)!.delete(lock)
        throw lockExpiredError(key, expired.lease)
      }
      throw lockNotHeldError(key)
    }
    if (!abort) this.#write(key, wire)
    this.#release(key, state)
  }

  /** A process died: its locks are released and its queued operations dropped. */
  releaseAll(process: string): void {
    this.#expired.delete(process)
    for (const [key, state] of this.#keys) {
      state.waiting = state.waiting.filter(w => w.process !== process)
      state.backlog = state.backlog.filter(w => w.process !== process)
      if (state.owner === process) this.#release(key, state)
    }
  }

  /** The lease of `lock` ran out: the key goes to the next waiter, and the holder's commit will be refused. */
  #expire(key: string, state: KeyLock, lock: number, lease: number): void {
    if (this.#keys.get(key) !== state || state.lock !== lock || state.owner === undefined) return
    let expired = this.#expired.get(state.owner)
    if (!expired) this.#expired.set(state.owner, (expired = new Map()))
    if (expired.size >= EXPIRED_KEPT) expired.delete(expired.keys().next().value!)
    expired.set(lock, { key, lease })
    this.#release(key, state)
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

  #acquire(process: string, key: string, task: (lock: number) => void, withdrawal?: Waiting['withdrawal'], locks = false): void {
    let state = this.#keys.get(key)
    if (!state) {
      state = { owner: undefined, lock: 0, waiting: [], backlog: [], ownerLocks: false, pumping: false }
      this.#keys.set(key, state)
    }
    const waiting: Waiting = withdrawal ? { process, task, withdrawal } : { process, task }
    if (locks) waiting.locks = true
    // Behind its own queued lock request, a process's later calls keep their order.
    if ((locks && this.#inLine(state, process)) || state.backlog.some(w => w.process === process)) state.backlog.push(waiting)
    else state.waiting.push(waiting)
    this.#pump(key, state)
  }

  /** Whether the process holds the key or waits for it with a lock request. */
  #inLine(state: KeyLock, process: string): boolean {
    return (state.owner === process && state.ownerLocks) || state.waiting.some(w => w.locks === true && w.process === process)
  }

  /** The process's lock request in line is done: its next calls, up to its next lock request, get in line behind everyone waiting now. */
  #promote(state: KeyLock, process: string): void {
    for (let i = 0; i < state.backlog.length;) {
      const waiting = state.backlog[i]!
      if (waiting.process !== process) {
        i++
        continue
      }
      state.backlog.splice(i, 1)
      state.waiting.push(waiting)
      if (waiting.locks) return
    }
  }

  #release(key: string, state: KeyLock): void {
    clearTimeout(state.lease)
    state.lease = undefined
    const owner = state.ownerLocks ? state.owner : undefined
    state.owner = undefined
    state.ownerLocks = false
    if (owner !== undefined) this.#promote(state, owner)
    this.#pump(key, state)
  }

  /** A loop rather than recursion: thousands of queued operations must not grow the stack. */
  #pump(key: string, state: KeyLock): void {
    if (state.pumping) return
    state.pumping = true
    while (state.owner === undefined && state.waiting.length > 0) {
      const next = state.waiting.shift()!
      state.owner = next.process
      state.ownerLocks = next.locks === true
      state.lock = this.#nextLock++
      next.task(state.lock)
    }
    state.pumping = false
    if (state.owner === undefined && this.#keys.get(key) === state) this.#keys.delete(key)
  }
}
