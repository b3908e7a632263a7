import type { Redis } from 'ioredis'
import { decodeBatch } from './frames.js'

/** Entries one XREAD takes from each stream at most. */
const count = 1000

/** What a stream entry carries: frames (`f`) or a node that joined (`j`), left (`l`) or died (`d`). */
export interface Entry {
  type: 'f' | 'j' | 'l' | 'd'
  node: string
  incarnation: string
  /** The incarnation of the node an inbox entry is for. */
  to: string | undefined
  sequence: number
  data: Buffer | undefined
}

export interface ReaderHandlers {
  /** Frames, each batch once, in the order its sender wrote it. */
  frames(from: string, incarnation: string, to: string | undefined, frames: Uint8Array[]): void
  member(type: 'j' | 'l' | 'd', node: string, incarnation: string): void
}

interface Read {
  id: string
  ms: number
  entry: Entry
}

type Reply = Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null

function parse(raw: Array<[Buffer, Buffer[]]>): Read[] {
  return raw.map(([id, fields]) => {
    const entry: Entry = { type: 'f', node: '', incarnation: '', to: undefined, sequence: 0, data: undefined }
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = fields[i + 1]!
      switch (fields[i]!.toString()) {
        case 't':
          entry.type = value.toString() as Entry['type']
          break
        case 'n':
          entry.node = value.toString()
          break
        case 'i':
          entry.incarnation = value.toString()
          break
        case 'to':
          entry.to = value.toString()
          break
        case 's':
          entry.sequence = Number(value.toString())
          break
        case 'd':
          entry.data = value
          break
      }
    }
    const text = id.toString()
    return { id: text, ms: Number(text.slice(0, text.indexOf('-'))), entry }
  })
}

/** The first id after `id`, for trimming everything up to and including it. */
const after = (id: string): string => {
  const dash = id.indexOf('-')
  return `${id.slice(0, dash)}-${BigInt(id.slice(dash + 1)) + 1n}`
}

/**
 * Reads this node's inbox and the bus with one blocking XREAD on its own
 * connection, and hands what it reads over in one order: a node's departure
 * on the bus comes after every frame it sent before it, and its arrival
 * before every frame it sent after.
 */
export class Reader {
  private stopped = false
  private loop: Promise<void> | undefined
  /**
   * Resolves on stop(). A blocking XREAD waiting for a reconnection never
   * settles once its connection is closed, so the loop does not wait for it.
   */
  private stopping: Promise<null>
  private resolveStopping: (value: null) => void = () => {}
  /** Highest sequence seen per stream, sender and incarnation: a resent write is dropped. */
  private seen = new Map<string, number>()

  constructor(
    private readonly connection: Redis,
    private readonly trimmer: Redis,
    private readonly inbox: string,
    private readonly bus: string,
    private readonly block: number,
    private readonly handlers: ReaderHandlers,
  ) {
    this.stopping = new Promise(resolve => (this.resolveStopping = resolve))
  }

  start(inboxId: string, busId: string): void {
    this.loop = this.run(inboxId, busId)
  }

  /** Forgets a departed incarnation's sequence numbers. */
  forget(node: string, incarnation: string): void {
    for (const stream of [this.inbox, this.bus]) this.seen.delete(`${stream}\n${node}\n${incarnation}`)
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.resolveStopping(null)
    this.connection.disconnect()
    await this.loop
  }

  private async run(inboxId: string, busId: string): Promise<void> {
    while (!this.stopped) {
      let reply: Reply
      try {
        const read = this.connection.xreadBuffer('COUNT', count, 'BLOCK', this.block, 'STREAMS', this.inbox, this.bus, inboxId, busId) as Promise<Reply>
        reply = await Promise.race([read, this.stopping])
      } catch {
        // Only a closed connection rejects (ioredis waits out outages): stopping, or about to reconnect.
        if (!this.stopped) await new Promise(resolve => setTimeout(resolve, 100))
        continue
      }
      if (this.stopped || !reply) continue
      let inbox: Read[] = []
      let bus: Read[] = []
      for (const [key, entries] of reply) {
        if (key.toString() === this.inbox) inbox = parse(entries)
        else bus = parse(entries)
      }
      const [inboxDone, busDone] = this.handle(inbox, bus)
      if (inboxDone) {
        inboxId = inboxDone
        this.trimmer.xtrim(this.inbox, 'MINID', after(inboxDone)).catch(() => {})
      }
      if (busDone) busId = busDone
    }
  }

  /**
   * Merges the two streams by time. A stream that filled its count may have
   * more to come, so the other is taken only up to where that one stops.
   * Returns the last id used from each.
   */
  private handle(inbox: Read[], bus: Read[]): [string | undefined, string | undefined] {
    let i = 0
    let b = 0
    let inboxDone: string | undefined
    let busDone: string | undefined
    for (;;) {
      let fromBus: boolean
      if (i === inbox.length && b === bus.length) break
      if (i === inbox.length) {
        if (inbox.length === count) break
        fromBus = true
      } else if (b === bus.length) {
        if (bus.length === count) break
        fromBus = false
      } else {
        // Ids of two streams written in the same millisecond do not tell
        // which came first: an arrival goes before, everything else after.
        const x = inbox[i]!
        const y = bus[b]!
        fromBus = y.ms < x.ms || (y.ms === x.ms && y.entry.type === 'j')
      }
      const read = fromBus ? bus[b++]! : inbox[i++]!
      if (fromBus) busDone = read.id
      else inboxDone = read.id
      this.use(fromBus ? this.bus : this.inbox, read.entry)
    }
    return [inboxDone, busDone]
  }

  private use(stream: string, entry: Entry): void {
    if (entry.type !== 'f') return this.handlers.member(entry.type, entry.node, entry.incarnation)
    const key = `${stream}\n${entry.node}\n${entry.incarnation}`
    if (entry.sequence <= (this.seen.get(key) ?? 0)) return
    this.seen.set(key, entry.sequence)
    if (entry.data) this.handlers.frames(entry.node, entry.incarnation, entry.to, decodeBatch(entry.data))
  }
}
