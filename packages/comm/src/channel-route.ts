import { ChannelFullError } from './errors.js'
import type { ExitDetails } from './hub.js'
import type { Wire } from './protocol.js'

export interface QueuedMessage {
  from: string
  wire: Wire
  /** Approximate encoded bytes, for the transport's batching. */
  size: number
  /** Order in which the channel accepted it: a message handed back returns to its place. */
  seq: number
}

export type Deliver = (to: string, message: QueuedMessage, channel: string) => void

/**
 * Main's view of one named channel: which processes hold it, which are
 * listening, and the messages waiting for a listener. Each message goes to
 * exactly one listener other than its sender, round-robin, like a Go channel
 * shared by several goroutines.
 *
 * A listener says how many messages it takes: all of them (a passive end, whose
 * handlers run as messages come), or one per receive() waiting on it (an active
 * end). So messages nobody waits for stay here, where `maxQueue` bounds them,
 * instead of piling up in a child.
 */
export class ChannelRoute {
  readonly holders = new Set<string>()
  /** Former holders that will be back: a restart, or an automatic restart after a crash. */
  readonly returning = new Map<string, ExitDetails>()
  /** Former holders that left for good, most recent last. */
  readonly departed = new Map<string, ExitDetails>()
  maxQueue = Number.POSITIVE_INFINITY
  #listeners: string[] = []
  #next = 0
  /** Per listener: how many messages delivered to it in all it accepts (Infinity when passive). */
  readonly #limits = new Map<string, number>()
  /** Per process: messages delivered to it on this channel since it attached. */
  readonly #sent = new Map<string, number>()
  /** Waiting messages in order; `#head` skips the delivered ones without shifting the array. */
  #queue: Array<QueuedMessage | undefined> = []
  #head = 0
  #lastSeq = 0
  /** Set while delivering: a handler in main may send, listen or hand messages back meanwhile. */
  #draining = false
  #drainAgain = false
  #handedBack: QueuedMessage[] = []

  constructor(readonly name: string) {}

  get queued(): number {
    return this.#queue.length - this.#head
  }

  send(message: QueuedMessage, deliver: Deliver): void {
    message.seq = ++this.#lastSeq
    // Queued messages go first, so a sender's messages never overtake each other.
    if (this.queued === 0 && !this.#draining) {
      const to = this.#pick(message.from)
      if (to !== undefined) return this.#deliverTo(to, message, deliver)
    }
    if (this.queued >= this.maxQueue) throw new ChannelFullError(this.name, this.maxQueue)
    this.#queue.push(message)
    this.#drain(deliver)
  }

  /** Messages handed back by an end that did not use them: they were accepted already, so the bound does not apply. */
  requeue(messages: QueuedMessage[], deliver: Deliver): void {
    if (this.#draining) {
      this.#handedBack.push(...messages)
      this.#drainAgain = true
      return
    }
    this.#insert(messages)
    this.#drain(deliver)
  }

  /**
   * `wanted`: how many more messages the process takes; Infinity for all.
   * `received`: how many of this channel's messages it had got when it asked,
   * so that those still on their way count against `wanted`. Omitted for main,
   * where nothing is ever on its way.
   */
  listen(process: string, wanted: number, received: number | undefined, deliver: Deliver): void {
    if (wanted <= 0) return this.unlisten(process)
    this.#limits.set(process, wanted + (received ?? this.#sent.get(process) ?? 0))
    if (!this.#listeners.includes(process)) this.#listeners.push(process)
    this.#drain(deliver)
  }

  unlisten(process: string): void {
    if (!this.#limits.delete(process)) return
    this.#listeners = this.#listeners.filter(p => p !== process)
  }

  /** The process is gone: its delivery count starts again from zero when it comes back. */
  forget(process: string): void {
    this.unlisten(process)
    this.#sent.delete(process)
  }

  /** How many more messages `process` takes right now. */
  available(process: string): number {
    const limit = this.#limits.get(process)
    return limit === undefined ? 0 : limit - (this.#sent.get(process) ?? 0)
  }

  #deliverTo(to: string, message: QueuedMessage, deliver: Deliver): void {
    this.#sent.set(to, (this.#sent.get(to) ?? 0) + 1)
    deliver(to, message, this.name)
  }

  #pick(exclude: string): string | undefined {
    const count = this.#listeners.length
    for (let i = 0; i < count; i++) {
      const candidate = this.#listeners[(this.#next + i) % count]!
      if (candidate !== exclude && this.available(candidate) > 0) {
        this.#next = (this.#next + i + 1) % count
        return candidate
      }
    }
    return undefined
  }

  #anyoneTakes(): boolean {
    return this.#listeners.some(p => this.available(p) > 0)
  }

  #drain(deliver: Deliver): void {
    if (this.#draining) {
      this.#drainAgain = true
      return
    }
    this.#draining = true
    try {
      do {
        this.#drainAgain = false
        let i = this.#head
        while (i < this.#queue.length && this.#anyoneTakes()) {
          const message = this.#queue[i]!
          const to = this.#pick(message.from)
          // Only its own sender listens: it waits for someone else, later messages may pass it.
          if (to === undefined) {
            i++
            continue
          }
          if (i === this.#head) {
            this.#queue[i] = undefined
            i = ++this.#head
          } else {
            this.#queue.splice(i, 1)
          }
          this.#deliverTo(to, message, deliver)
        }
        if (this.#handedBack.length > 0) this.#insert(this.#handedBack.splice(0))
      } while (this.#drainAgain)
    } finally {
      this.#draining = false
      this.#compact()
    }
  }

  /** Puts messages back in their place by `seq`: usually at the front, where it costs nothing. */
  #insert(messages: QueuedMessage[]): void {
    const sorted = [...messages].sort((a, b) => a.seq - b.seq)
    for (let k = sorted.length - 1; k >= 0; k--) {
      const message = sorted[k]!
      const first = this.#queue[this.#head]
      if (first === undefined || message.seq < first.seq) {
        if (this.#head > 0) this.#queue[--this.#head] = message
        else this.#queue.unshift(message)
        continue
      }
      let low = this.#head
      let high = this.#queue.length
      while (low < high) {
        const middle = (low + high) >>> 1
        if (this.#queue[middle]!.seq < message.seq) low = middle + 1
        else high = middle
      }
      this.#queue.splice(low, 0, message)
    }
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue = []
      this.#head = 0
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
  }
}
