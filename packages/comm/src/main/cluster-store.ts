import { CommError, lockExpiredError, lockNotHeldError } from '../errors.js'
import type { FrameCodec } from '../protocol/cluster-frames.js'
import type { Wire } from '../protocol/frames.js'
import { reportError } from '../runtime/report.js'
import type { ClusterStore } from '../types.js'
import type { Granted, KeyStore } from './key-store.js'
import { EXPIRED_KEPT, Store, withdrawnError } from './store.js'

interface Held {
  process: string
  key: string
  /** This main's turn on the key (`gate`), and the backend's lock. */
  gate: number
  token: string
  lease?: ReturnType<typeof setTimeout>
}

/**
 * The store of a cluster: values and locks live in the backend. In front of
 * it, a local `Store` is the gate that gives this main's processes their turn
 * on a key in order, so the backend only has to keep mains apart. A lock is
 * leased as on one machine (`getBot({ updateLease })`); when the lease runs
 * out, the backend's lock is given back too.
 */
export class ClusterKeyStore implements KeyStore {
  readonly #gate = new Store(() => Number.POSITIVE_INFINITY)
  readonly #held = new Map<number, Held>()
  readonly #expired = new Map<number, { process: string; key: string; lease: number }>()
  /** Lock requests that reached the backend and wait there, by their gate lock. */
  readonly #waiting = new Map<number, { process: string; key: string; token: number | undefined; controller: AbortController }>()
  #nextLock = 1

  constructor(
    readonly backend: ClusterStore,
    readonly codec: FrameCodec,
    /** Resolves once main has joined the cluster; rejects if it cannot. */
    readonly ready: () => Promise<void>,
    readonly lease: () => number,
  ) {}

  get(process: string, key: string): Promise<Wire | undefined> {
    return this.#inTurn(process, key, async () => {
      const bytes = await this.backend.get(key)
      return bytes === undefined ? undefined : this.codec.decodeValue(bytes)
    })
  }

  set(process: string, key: string, wire: Wire | undefined): Promise<void> {
    return this.#inTurn(process, key, () => this.backend.set(key, wire === undefined ? undefined : this.codec.encodeValue(wire)))
  }

  delete(process: string, key: string): Promise<boolean> {
    return this.#inTurn(process, key, () => this.backend.delete(key))
  }

  async entries(): Promise<Array<[string, Wire]>> {
    await this.ready()
    return (await this.backend.entries()).map(([key, bytes]) => [key, this.codec.decodeValue(bytes)])
  }

  async lock(process: string, key: string, token?: number): Promise<Granted> {
    await this.ready()
    const { lock: gate } = await this.#gate.lock(process, key, token)
    const controller = new AbortController()
    this.#waiting.set(gate, { process, key, token, controller })
    let acquired: { token: string; value: Uint8Array | undefined }
    try {
      acquired = await this.backend.lock(key, controller.signal)
    } catch (error) {
      this.#leaveGate(process, key, gate)
      throw controller.signal.aborted ? withdrawnError(key) : error
    } finally {
      this.#waiting.delete(gate)
    }
    const held: Held = { process, key, gate, token: acquired.token }
    if (controller.signal.aborted) {
      // Withdrawn, or its process died, just as the key came free: give it back at once.
      this.#release(held)
      throw withdrawnError(key)
    }
    const lock = this.#nextLock++
    this.#held.set(lock, held)
    // The backend's lock can be lost while it is out of reach: an update resolves only once its write is in.
    const granted: Granted = { lock, confirm: true }
    if (acquired.value !== undefined) granted.v = this.codec.decodeValue(acquired.value)
    const lease = this.lease()
    if (lease !== Number.POSITIVE_INFINITY) {
      held.lease = setTimeout(() => this.#expire(lock, lease), lease)
      // A key held by some process does not keep main alive.
      held.lease.unref()
      granted.lease = lease
    }
    return granted
  }

  withdraw(process: string, key: string, token: number): void {
    this.#gate.withdraw(process, key, token)
    for (const waiting of this.#waiting.values()) {
      if (waiting.process === process && waiting.key === key && waiting.token === token) waiting.controller.abort()
    }
  }

  async commit(process: string, key: string, lock: number, wire: Wire | undefined, abort: boolean): Promise<void> {
    const held = this.#held.get(lock)
    if (held?.process !== process || held.key !== key) {
      const expired = this.#expired.get(lock)
      if (expired?.process === process && expired.key === key) {
        this.#expired.delete(lock)
        throw lockExpiredError(key, expired.lease)
      }
      throw lockNotHeldError(key)
    }
    this.#held.delete(lock)
    clearTimeout(held.lease)
    let written: boolean
    try {
      written = await this.backend.commit(key, held.token, !abort, wire === undefined ? undefined : this.codec.encodeValue(wire))
    } finally {
      this.#leaveGate(process, key, held.gate)
    }
    if (!written) {
      throw new CommError(
        'ERR_LOCK',
        `The cluster's lock on key '${key}' was lost before the commit (it was out of reach of the cluster's backend longer than the backend's lease, and another main may have taken the key since), so nothing was written.`,
      )
    }
  }

  releaseAll(process: string): void {
    this.#gate.releaseAll(process)
    for (const waiting of this.#waiting.values()) if (waiting.process === process) waiting.controller.abort()
    for (const [lock, held] of this.#held) {
      if (held.process !== process) continue
      this.#held.delete(lock)
      this.#release(held)
    }
    for (const [lock, expired] of this.#expired) if (expired.process === process) this.#expired.delete(lock)
  }

  #expire(lock: number, lease: number): void {
    const held = this.#held.get(lock)
    if (!held) return
    this.#held.delete(lock)
    if (this.#expired.size >= EXPIRED_KEPT) this.#expired.delete(this.#expired.keys().next().value!)
    this.#expired.set(lock, { process: held.process, key: held.key, lease })
    this.#release(held)
  }

  /** Gives the key back to the cluster, writing nothing, then to this main's next process. */
  #release(held: Held): void {
    clearTimeout(held.lease)
    this.backend
      .commit(held.key, held.token, false, undefined)
      .catch(error => reportError(`releasing the cluster lock on key '${held.key}'`, error))
      .finally(() => this.#leaveGate(held.process, held.key, held.gate))
  }

  /** A turn that `releaseAll` ended already is simply over. */
  #leaveGate(process: string, key: string, gate: number): void {
    try {
      this.#gate.commit(process, key, gate, undefined, true)
    } catch {
      // Released already.
    }
  }

  /** One operation in the key's turn on this main. */
  async #inTurn<R>(process: string, key: string, operation: () => Promise<R>): Promise<R> {
    await this.ready()
    const { lock } = await this.#gate.lock(process, key)
    try {
      return await operation()
    } finally {
      this.#leaveGate(process, key, lock)
    }
  }
}
