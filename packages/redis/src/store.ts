import type { Redis } from 'ioredis'
import type { ClusterStore } from 'liteyuki-comm'
import { available } from './connection.js'
import type { RunScript } from './lua.js'
import type { Keys, Settings } from './options.js'

/** Longest wait between two looks at a locked key, in case its release notice was missed. */
const maxPoll = 250

type Busy = [0, number, Buffer?]
const toBuffer = (value: Uint8Array): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength))

/** Callers waiting for a key's lock to go, woken by the release notice or a poll. */
export class Waiters {
  private waiting = new Map<string, Set<() => void>>()
  /** Counts release notices, so that a caller can tell whether one came while its attempt was on its way. */
  notices = 0

  wake(key: string): void {
    this.notices++
    const set = this.waiting.get(key)
    this.waiting.delete(key)
    set?.forEach(wake => wake())
  }

  /** Waits until the key is released, its lease (`ttl` ms) ends or a poll is due. */
  wait(key: string, ttl: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        this.waiting.get(key)?.delete(done)
        signal?.removeEventListener('abort', aborted)
        resolve()
      }
      const aborted = () => {
        done()
        reject(signal!.reason)
      }
      const timer = setTimeout(done, Math.max(1, Math.min(ttl > 0 ? ttl : maxPoll, maxPoll)))
      let set = this.waiting.get(key)
      if (!set) this.waiting.set(key, (set = new Set()))
      set.add(done)
      signal?.addEventListener('abort', aborted, { once: true })
    })
  }
}

/**
 * The store: values in one hash, a lock per key held by a token that names
 * its node. Each operation is a script that answers "busy" while another
 * node holds the key's lock, and then waits for its release.
 */
export class Store implements ClusterStore {
  readonly waiters = new Waiters()
  /** Locks this node holds, token → key, renewed every third of a lease. */
  private held = new Map<string, string>()
  private tokens = 0
  private renewal: NodeJS.Timeout | undefined

  constructor(
    private readonly cmd: Redis,
    private readonly run: RunScript,
    private readonly settings: Settings,
    private readonly keys: Keys,
    /** Every token of this node starts with it, so a script can tell this node's locks from others'. */
    private readonly prefix: string,
  ) {}

  /** One round trip of `call`, repeated while the key is locked by another node. */
  private async untilFree<T>(call: string, signal: AbortSignal | undefined, attempt: () => Promise<unknown>, key?: string): Promise<T> {
    for (;;) {
      signal?.throwIfAborted()
      const notices = this.waiters.notices
      const reply = (await available(this.cmd, this.settings, call, attempt)) as [1, T] | Busy
      if (reply[0] === 1) return reply[1]
      // A release noticed while the attempt travelled may be the one it waits for: try again at once rather than sleep until the poll.
      if (this.waiters.notices !== notices) continue
      await this.waiters.wait(key ?? reply[2]!.toString(), reply[1], signal)
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const k = this.keys
    const value = await this.untilFree<Buffer | null>(
      `store.get('${key}')`,
      undefined,
      () => this.run('get', [k.lock(key), k.store], [key, this.prefix], true),
      key,
    )
    return value ?? undefined
  }

  async set(key: string, value: Uint8Array | undefined): Promise<void> {
    if (value === undefined) return void (await this.delete(key))
    const k = this.keys
    await this.untilFree(`store.set('${key}')`, undefined, () => this.run('write', [k.lock(key), k.store], [key, this.prefix, 's', toBuffer(value)]), key)
  }

  async delete(key: string): Promise<boolean> {
    const k = this.keys
    const removed = await this.untilFree<number>(
      `store.delete('${key}')`,
      undefined,
      () => this.run('write', [k.lock(key), k.store], [key, this.prefix, 'd']),
      key,
    )
    return removed === 1
  }

  async entries(): Promise<Array<[string, Uint8Array]>> {
    const k = this.keys
    const flat = await this.untilFree<Buffer[]>('store.entries()', undefined, () => this.run('entries', [k.locks, k.store], [k.lock(''), this.prefix], true))
    const list: Array<[string, Uint8Array]> = []
    for (let i = 0; i + 1 < flat.length; i += 2) list.push([flat[i]!.toString(), flat[i + 1]!])
    return list
  }

  async lock(key: string, signal?: AbortSignal): Promise<{ token: string; value: Uint8Array | undefined }> {
    const k = this.keys
    const token = `${this.prefix}${++this.tokens}`
    const value = await this.untilFree<Buffer | null>(
      `store.lock('${key}')`,
      signal,
      () => this.run('lock', [k.lock(key), k.store, k.locks], [token, this.settings.lease, key], true),
      key,
    )
    this.held.set(token, key)
    if (signal?.aborted) {
      // Withdrawn while the lock was being taken: give it back.
      await this.commit(key, token, false, undefined).catch(() => {})
      throw signal.reason
    }
    this.renewal ??= setInterval(() => this.renew(), this.settings.lease / 3).unref()
    return { token, value: value ?? undefined }
  }

  async commit(key: string, token: string, write: boolean, value: Uint8Array | undefined): Promise<boolean> {
    const k = this.keys
    const mode = !write ? 'n' : value === undefined ? 'd' : 's'
    try {
      const done = await available(this.cmd, this.settings, `store.commit('${key}')`, () =>
        this.run('commit', [k.lock(key), k.store, k.locks, k.commits], [token, key, mode, value === undefined ? '' : toBuffer(value), k.unlock]),
      )
      return done === 1
    } finally {
      this.forget(token)
    }
  }

  private forget(token: string): void {
    this.held.delete(token)
    if (this.held.size === 0) {
      clearInterval(this.renewal)
      this.renewal = undefined
    }
  }

  private renew(): void {
    for (const [token, key] of this.held) {
      this.run('renew', [this.keys.lock(key)], [token, this.settings.lease]).then(
        renewed => {
          if (renewed === 0) this.forget(token)
        },
        () => {},
      )
    }
  }

  /** Stops renewing, as a frozen process would; its locks run out after the lease. */
  stop(): void {
    this.held.clear()
    clearInterval(this.renewal)
    this.renewal = undefined
  }

  /** Releases every lock this node holds, writing nothing. */
  async release(): Promise<void> {
    await Promise.all([...this.held].map(([token, key]) => this.commit(key, token, false, undefined).catch(() => {})))
  }
}
