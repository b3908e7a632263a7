import { encodeBatch } from './frames.js'

/** Bytes of frames one stream entry carries at most; more wait for the next entry. */
const maxBatch = 1 << 20
/** Milliseconds before a write Redis refused (not one delayed by an outage) is tried again. */
export const retryDelay = 100

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
  /** Frames pushed, and frames written, since the start. */
  private pushed = 0
  private done = 0
  /** What runs once the frame numbered `at` is written, in order of `at`; `waiter`: runs on drop too. */
  private after: Array<{ at: number; run: () => void; waiter?: true }> = []

  constructor(
    /** Numbers the writes of every outbox of a node: a write of an outbox dropped meanwhile must not make a later one look resent. */
    private readonly number: () => number,
    private readonly write: (sequence: number, batch: Buffer) => Promise<unknown>,
  ) {}

  /** `after` runs once the frame is in Redis (never, if the outbox is dropped first). */
  push(frame: Uint8Array, after?: () => void): void {
    if (this.closed) return
    this.queue.push(frame)
    this.pushed++
    if (after) this.after.push({ at: this.pushed, run: after })
    // Frames pushed in the same tick share one write.
    if (!this.scheduled && !this.busy) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        this.next()
      })
    }
  }

  /** Resolves once everything pushed so far was written (or the outbox was dropped). */
  flushed(): Promise<void> {
    if (this.closed || this.done === this.pushed) return Promise.resolve()
    return new Promise(resolve => this.after.push({ at: this.pushed, run: resolve, waiter: true }))
  }

  /** Forgets what is queued: the target is gone. */
  drop(): void {
    this.closed = true
    this.queue = []
    // Waiting for a write that will not come would wait for good; callbacks of frames not written do not run.
    const waiting = this.after
    this.after = []
    for (const { run, waiter } of waiting) if (waiter) run()
  }

  private next(): void {
    if (this.busy || this.closed || this.queue.length === 0) return
    let size = 0
    let count = 0
    while (count < this.queue.length && (count === 0 || size + this.queue[count]!.byteLength <= maxBatch)) size += this.queue[count++]!.byteLength
    const batch = encodeBatch(this.queue.splice(0, count))
    this.busy = true
    this.send(this.number(), batch, count)
  }

  private send(sequence: number, batch: Buffer, count: number): void {
    this.write(sequence, batch).then(
      () => {
        this.busy = false
        this.done += count
        let ran = 0
        while (ran < this.after.length && this.after[ran]!.at <= this.done) this.after[ran++]!.run()
        if (ran > 0) this.after.splice(0, ran)
        this.next()
      },
      () => {
        if (this.closed) return
        setTimeout(() => this.send(sequence, batch, count), retryDelay).unref()
      },
    )
  }
}
