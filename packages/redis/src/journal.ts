import type { ClusterJournal } from 'liteyuki-comm'
import { decodeBatch, encodeBatch } from './frames.js'
import { retryDelay } from './outbox.js'

/** A journal's fields: `k<n>` holds the entries write `n` kept, `r<n>.<m>` the ones of them write `m` removed. */
const keptField = (batch: number): string => `k${batch}`
const removedField = (batch: number, write: number): string => `r${batch}.${write}`

/**
 * The entries a journal's fields still hold (see `keptField`), from what
 * HGETALL returned: each batch's entries less the ones removed from it. An
 * entry kept again (it came back, or Redis lost its data) is in a later
 * batch; the latest copy wins.
 */
export function liveEntries(fields: Buffer[]): Uint8Array[] {
  const kept = new Map<string, Uint8Array[]>()
  const removed = new Map<string, Set<string>>()
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [, keptBy, removedFrom] = /^(?:k(\d+)|r(\d+)\.\d+)$/.exec(fields[i]!.toString()) ?? []
    const items = decodeBatch(fields[i + 1]!)
    if (keptBy) kept.set(keptBy, items)
    else if (removedFrom) {
      const ids = removed.get(removedFrom) ?? new Set()
      for (const id of items) ids.add(Buffer.from(id).toString())
      removed.set(removedFrom, ids)
    }
  }
  // An entry's latest copy decides: removed from that write, it is gone,
  // whatever an older copy (a write Redis lost, then got after all) says.
  const latest = new Map<string, { batch: string; entry: Uint8Array }>()
  for (const [batch, items] of kept) {
    for (let i = 0; i + 1 < items.length; i += 2) {
      const id = Buffer.from(items[i]!).toString()
      const other = latest.get(id)
      if (!other || Number(other.batch) < Number(batch)) latest.set(id, { batch, entry: items[i + 1]! })
    }
  }
  return [...latest].filter(([id, { batch }]) => !removed.get(batch)?.has(id)).map(([, { entry }]) => entry)
}

/**
 * This node's journal: one hash in Redis. What is kept and removed in one
 * tick goes out as one write (an entry kept and removed before it went out
 * costs nothing), one write in flight at a time, so the hash follows the
 * calls in order. A write's kept entries are one field, and what it removes
 * one field per earlier write they came from (or that write's fields go,
 * once nothing of it is left): a handful of arguments per write however
 * many entries it carries, since a client spends far longer on an argument
 * than Redis does on its bytes.
 */
export class Journal implements ClusterJournal {
  /** Changes not written yet: an entry to keep, or null to remove it. */
  private pending = new Map<string, Uint8Array | null>()
  /** Entries that may be in Redis (a removal of any other one needs no write), and the write that kept each; kept to write them again if Redis loses them. */
  private stored = new Map<string, { entry: Uint8Array; batch: number }>()
  /** Per write whose field is still in Redis: how many of its entries are left, and the fields of removals from it. */
  private batches = new Map<number, { live: number; removals: string[] }>()
  private busy = false
  private scheduled = false
  private stopped = false
  /** Writes begun, and finished, since the start; and who waits for which. */
  private begun = 0
  private finished = 0
  private waiting: Array<{ write: number; resolve: () => void }> = []

  constructor(
    /** Sets the given fields (name, value, name, value…) and deletes the others named, in one step. */
    private readonly apply: (set: Array<string | Buffer>, remove: string[]) => Promise<unknown>,
    /** Sends a frame to a node's inbox, running `after` once it is in Redis; false when the node is gone. */
    private readonly send: (node: string, frame: Uint8Array, after: () => void) => boolean,
    /** Resolves once every frame sent so far is in Redis. */
    private readonly framesWritten: () => Promise<void>,
  ) {}

  keep(id: string, entry: Uint8Array): void {
    this.pending.set(id, entry)
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
    for (const [id, { entry }] of this.stored) if (!this.pending.has(id)) this.pending.set(id, entry)
    // Nothing written before is there any more: removals of it need no write.
    this.stored.clear()
    this.batches.clear()
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
    const number = ++this.begun
    const keep: Array<string | Uint8Array> = []
    const removed = new Map<number, string[]>()
    for (const [id, entry] of this.pending) {
      const before = this.stored.get(id)
      if (before) {
        // Removed, or kept again (it came back, with its flag): out of the write that kept it.
        const ids = removed.get(before.batch)
        if (ids) ids.push(id)
        else removed.set(before.batch, [id])
        this.stored.delete(id)
      }
      if (entry) {
        keep.push(id, entry)
        this.stored.set(id, { entry, batch: number })
      }
    }
    this.pending.clear()
    const set: Array<string | Buffer> = []
    const remove: string[] = []
    if (keep.length > 0) {
      set.push(keptField(number), encodeBatch(keep))
      this.batches.set(number, { live: keep.length / 2, removals: [] })
    }
    for (const [batch, ids] of removed) {
      const of = this.batches.get(batch)
      if (!of) continue
      of.live -= ids.length
      if (of.live > 0) {
        const field = removedField(batch, number)
        of.removals.push(field)
        set.push(field, encodeBatch(ids))
      } else {
        remove.push(keptField(batch), ...of.removals)
        this.batches.delete(batch)
      }
    }
    this.busy = true
    this.write(number, set, remove)
  }

  private write(number: number, set: Array<string | Buffer>, remove: string[]): void {
    if (set.length === 0 && remove.length === 0) return this.wrote(number)
    this.apply(set, remove).then(
      () => this.wrote(number),
      () => {
        if (!this.stopped) setTimeout(() => this.write(number, set, remove), retryDelay).unref()
      },
    )
  }

  private wrote(number: number): void {
    this.busy = false
    this.finished = number
    this.waiting = this.waiting.filter(({ write, resolve }) => (write <= number ? void resolve() : true))
    this.next()
  }
}
