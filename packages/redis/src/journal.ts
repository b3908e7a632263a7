import type { Redis } from 'ioredis'
import type { ClusterJournal } from 'liteyuki-comm'
import { retryDelay } from './outbox.js'

const toBuffer = (value: Uint8Array): Buffer => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength))

/**
 * This node's journal: one hash in Redis, entry id → entry. What is kept and
 * removed in one tick goes out as one write (an entry kept and removed before
 * it went out costs nothing), one write in flight at a time, so the hash
 * follows the calls in order.
 */
export class Journal implements ClusterJournal {
  /** Changes not written yet: an entry to keep, or null to remove it. */
  private pending = new Map<string, Buffer | null>()
  /** Entries that may be in Redis (a removal of any other one needs no write), kept to write them again if Redis loses them. */
  private stored = new Map<string, Buffer>()
  private busy = false
  private scheduled = false
  private stopped = false
  /** Writes begun, and finished, since the start; and who waits for which. */
  private begun = 0
  private finished = 0
  private waiting: Array<{ write: number; resolve: () => void }> = []

  constructor(
    private readonly cmd: Redis,
    private readonly key: string,
    /** Sends a frame to a node's inbox, running `after` once it is in Redis; false when the node is gone. */
    private readonly send: (node: string, frame: Uint8Array, after: () => void) => boolean,
    /** Resolves once every frame sent so far is in Redis. */
    private readonly framesWritten: () => Promise<void>,
  ) {}

  keep(id: string, entry: Uint8Array): void {
    this.pending.set(id, toBuffer(entry))
    this.schedule()
  }

  remove(id: string): void {
    if (this.stored.has(id)) {
      this.pending.set(id, null)
      this.schedule()
    } else this.pending.delete(id)
  }

  handOff(node: string, frame: Uint8Array, id: string): void {
    if (!this.stored.has(id)) {
      // Never written: the frame alone carries it from now on.
      this.pending.delete(id)
      if (!this.send(node, frame, () => {})) this.keep(id, frame)
      return
    }
    // Removed only once the frame is in the other node's inbox: a death in between leaves a copy in both, never in neither.
    this.send(node, frame, () => this.remove(id))
  }

  written(): Promise<void> {
    const write = this.pending.size > 0 ? this.begun + 1 : this.busy ? this.begun : this.finished
    const journal = write <= this.finished ? Promise.resolve() : new Promise<void>(resolve => this.waiting.push({ write, resolve }))
    return Promise.all([journal, this.framesWritten()]).then(() => {})
  }

  /** Redis lost its data: every entry kept goes out again. */
  rewrite(): void {
    for (const [id, entry] of this.stored) if (!this.pending.has(id)) this.pending.set(id, entry)
    this.schedule()
  }

  /** Stops writing (the node left, or froze). */
  stop(): void {
    this.stopped = true
    for (const { resolve } of this.waiting.splice(0)) resolve()
  }

  private schedule(): void {
    if (this.scheduled || this.busy || this.stopped) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.next()
    })
  }

  private next(): void {
    if (this.busy || this.stopped) return
    if (this.pending.size === 0) {
      // What was waiting to go out was removed or handed off meanwhile: nothing kept so far is unwritten.
      for (const { resolve } of this.waiting.splice(0)) resolve()
      return
    }
    const keep: Buffer[] = []
    const remove: string[] = []
    for (const [id, entry] of this.pending) {
      if (entry) {
        keep.push(Buffer.from(id), entry)
        this.stored.set(id, entry)
      } else {
        remove.push(id)
        this.stored.delete(id)
      }
    }
    this.pending.clear()
    this.busy = true
    this.write(++this.begun, keep, remove)
  }

  private write(number: number, keep: Buffer[], remove: string[]): void {
    const writes: Array<Promise<unknown>> = []
    if (keep.length > 0) writes.push(this.cmd.hset(this.key, ...keep))
    if (remove.length > 0) writes.push(this.cmd.hdel(this.key, ...remove))
    Promise.all(writes).then(
      () => {
        this.busy = false
        this.finished = number
        this.waiting = this.waiting.filter(({ write, resolve }) => (write <= number ? void resolve() : true))
        this.next()
      },
      () => {
        if (!this.stopped) setTimeout(() => this.write(number, keep, remove), retryDelay).unref()
      },
    )
  }
}
