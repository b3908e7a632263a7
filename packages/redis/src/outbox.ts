import { encodeBatch } from './frames.js'

/** Bytes of frames one stream entry carries at most; more wait for the next entry. */
const maxBatch = 1 << 20
/** Milliseconds before a write Redis refused (not one delayed by an outage) is tried again. */
const retryDelay = 100

/**
 * The frames waiting for one stream. One write is in flight at a time, and
 * every frame queued meanwhile goes out in the next: order holds without
 * waiting per frame, and under load the batches grow instead of the writes.
 * A write resent after a reconnection carries the same sequence number, by
 * which readers drop the copy.
 */
export class Outbox {
  private queue: Uint8Array[] = []
  private busy = false
  private scheduled = false
  private closed = false
  private idle: Array<() => void> = []

  constructor(
    /** Numbers the writes of every outbox of a node: a write of an outbox dropped meanwhile must not make a later one look resent. */
    private readonly number: () => number,
    private readonly write: (sequence: number, batch: Buffer) => Promise<unknown>,
  ) {}

  push(frame: Uint8Array): void {
    if (this.closed) return
    this.queue.push(frame)
    // Frames pushed in the same tick share one write.
    if (!this.scheduled && !this.busy) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.next()
      })
    }
  }

  /** Resolves once everything pushed so far was written. */
  flushed(): Promise<void> {
    if (this.closed || (!this.busy && !this.scheduled)) return Promise.resolve()
    return new Promise(resolve => this.idle.push(resolve))
  }

  /** Forgets what is queued: the target is gone. */
  drop(): void {
    this.closed = true
    this.queue = []
    this.settle()
  }

  private next(): void {
    if (this.busy) return
    if (this.closed || this.queue.length === 0) return this.settle()
    let size = 0
    let count = 0
    while (count < this.queue.length && (count === 0 || size + this.queue[count]!.byteLength <= maxBatch)) size += this.queue[count++]!.byteLength
    const batch = encodeBatch(this.queue.splice(0, count))
    this.busy = true
    this.send(this.number(), batch)
  }

  private send(sequence: number, batch: Buffer): void {
    this.write(sequence, batch).then(
      () => {
        this.busy = false
        this.next()
      },
      () => {
        if (this.closed) return
        setTimeout(() => this.send(sequence, batch), retryDelay).unref()
      },
    )
  }

  private settle(): void {
    if (!this.closed && (this.busy || this.scheduled)) return
    for (const resolve of this.idle.splice(0)) resolve()
  }
}
