import { cancelledError } from '../delivery/put.js'
import type { FrameCodec } from '../protocol/cluster-frames.js'
import type { Wire } from '../protocol/frames.js'
import { reportError } from '../runtime/report.js'
import type { ClusterStore } from '../types.js'
import type { KeyStore } from './key-store.js'
import { Store } from './store.js'

interface Held {
  process: string
  key: string
  /** This main's turn on the key (`gate`), and the backend's lock. */
  gate: number
  token: string
}

/**
 * The store of a cluster: values and locks live in the backend. In front of
 * it, a local `Store` is the gate that gives this main's processes their turn
 * on a key in order, so the backend only has to keep mains apart.
 */
export class ClusterKeyStore implements KeyStore {
  readonly #gate = new Store()
  readonly #held = new Map<number, Held>()
  /** Lock requests that reached the backend and wait there, by their gate lock. */
  readonly #waiting = new Map<number, { process: string; key: string; token: number | undefined; controller: AbortController }>()
  #nextLock = 1

  constructor(
    readonly backend: ClusterStore,
    readonly codec: FrameCodec,
    /** Resolves once main has joined the cluster; rejects if it cannot. */
    readonly ready: () => Promise<void>,
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

  async lock(process: string, key: string, token?: number): Promise<{ lock: number; v?: Wire }> {
    await this.ready()
    const { lock: gate } = await this.#gate.lock(process, key, token)
    const controller = new AbortController()
    this.#waiting.set(gate, { process, key, token, controller })
    let acquired: { token: string; value: Uint8Array | undefined }
    try {
      acquired = await this.backend.lock(key, controller.signal)
    } catch (error) {
      this.#gate.commit(process, key, gate, undefined, true)
      throw controller.signal.aborted ? cancelledError() : error
    } finally {
      this.#waiting.delete(gate)
    }
    if (controller.signal.aborted) {
      // Withdrawn, or its process died, just as the key came free: give it back at once.
      this.#release({ process, key, gate, token: acquired.token })
      throw cancelledError()
    }
    const lock = this.#nextLock++
    this.#held.set(lock, { process, key, gate, token: acquired.token })
    return acquired.value === undefined ? { lock } : { lock, v: this.codec.decodeValue(acquired.value) }
  }

  withdraw(process: string, key: string, token: number): void {
    this.#gate.withdraw(process, key, token)
    for (const waiting of this.#waiting.values()) {
      if (waiting.process === process && waiting.key === key && waiting.token === token) waiting.controller.abort()
    }
  }

  async commit(process: string, key: string, lock: number, wire: Wire | undefined, abort: boolean): Promise<boolean> {
    const held = this.#held.get(lock)
    if (held?.process !== process || held.key !== key) return false
    this.#held.delete(lock)
    try {
      return await this.backend.commit(key, held.token, !abort, wire === undefined ? undefined : this.codec.encodeValue(wire))
    } finally {
      this.#gate.commit(process, key, held.gate, undefined, true)
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
  }

  #release(held: Omit<Held, 'lock'>): void {
    this.backend
      .commit(held.key, held.token, false, undefined)
      .catch(error => reportError(`releasing the cluster lock on key '${held.key}'`, error))
      .finally(() => this.#gate.commit(held.process, held.key, held.gate, undefined, true))
  }

  /** One operation in the key's turn on this main. */
  async #inTurn<R>(process: string, key: string, operation: () => Promise<R>): Promise<R> {
    await this.ready()
    const { lock } = await this.#gate.lock(process, key)
    try {
      return await operation()
    } finally {
      this.#gate.commit(process, key, lock, undefined, true)
    }
  }
}
