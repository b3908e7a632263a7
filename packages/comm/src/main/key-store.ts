import type { Wire } from '../protocol/frames.js'

/** What `lock` answers: the lock number, the value, and the lease in ms (absent when there is none). */
export interface Granted {
  lock: number
  v?: Wire
  lease?: number
  /**
   * The commit can fail for a reason of its own, apart from the lease (a
   * cluster's lock lost while Redis was away): the updater's process waits
   * for main's answer before its update() resolves.
   */
  confirm?: true
}

/**
 * The store as the hub uses it: held by main alone (`Store`), or by a
 * cluster's backend (`ClusterKeyStore`). `process` is who asks; a lock
 * belongs to it until it commits or dies.
 */
export interface KeyStore {
  get(process: string, key: string): Promise<Wire | undefined>
  set(process: string, key: string, wire: Wire | undefined): Promise<void>
  delete(process: string, key: string): Promise<boolean>
  entries(): Array<[string, Wire]> | Promise<Array<[string, Wire]>>
  /** Waits for the key, then holds it until `commit` or the end of its lease; `token` lets `withdraw` take back the wait. */
  lock(process: string, key: string, token?: number): Promise<Granted>
  withdraw(process: string, key: string, token: number): void
  /** Throws `ERR_LOCK_EXPIRED` when the lease ran out, `ERR_LOCK` when `process` does not hold `lock` on the key; nothing is written then. */
  commit(process: string, key: string, lock: number, wire: Wire | undefined, abort: boolean): void | Promise<void>
  /** A process died: its locks are released and its waiting requests dropped. */
  releaseAll(process: string): void
}
