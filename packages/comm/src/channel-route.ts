import { ChannelFullError } from './errors.js'
import type { Wire } from './protocol.js'

export interface QueuedMessage {
  from: string
  wire: Wire
  /** Approximate encoded bytes, for the transport's batching. */
  size: number
}

export type Deliver = (to: string, message: QueuedMessage, channel: string) => void

/**
 * Main's view of one named channel: which processes hold it, which are
 * listening, and the messages waiting for a listener. Each message goes to
 * exactly one listener other than its sender, round-robin, like a Go channel
 * shared by several goroutines.
 */
export class ChannelRoute {
  readonly holders = new Set<string>()
  maxQueue = Number.POSITIVE_INFINITY
  #listeners: string[] = []
  #next = 0
  #queue: QueuedMessage[] = []

  constructor(readonly name: string) {}

  get queued(): number {
    return this.#queue.length
  }

  send(message: QueuedMessage, deliver: Deliver): void {
    // Queued messages go first, so a sender's messages never overtake each other.
    const to = this.#queue.length === 0 ? this.#pick(message.from) : undefined
    if (to !== undefined) return deliver(to, message, this.name)
    if (this.#queue.length >= this.maxQueue) throw new ChannelFullError(this.name, this.maxQueue)
    this.#queue.push(message)
    this.#drain(deliver)
  }

  /** Messages handed back by a listener that stopped: they were accepted already, so the bound does not apply. */
  requeue(messages: QueuedMessage[], deliver: Deliver): void {
    this.#queue.unshift(...messages)
    this.#drain(deliver)
  }

  listen(process: string, deliver: Deliver): void {
    if (!this.#listeners.includes(process)) this.#listeners.push(process)
    this.#drain(deliver)
  }

  unlisten(process: string): void {
    this.#listeners = this.#listeners.filter(p => p !== process)
  }

  isListening(process: string): boolean {
    return this.#listeners.includes(process)
  }

  #pick(exclude: string): string | undefined {
    const count = this.#listeners.length
    for (let i = 0; i < count; i++) {
      const candidate = this.#listeners[(this.#next + i) % count]!
      if (candidate !== exclude) {
        this.#next = (this.#next + i + 1) % count
        return candidate
      }
    }
    return undefined
  }

  #drain(deliver: Deliver): void {
    if (this.#listeners.length === 0 || this.#queue.length === 0) return
    const waiting = this.#queue
    this.#queue = []
    for (const message of waiting) {
      const to = this.#pick(message.from)
      if (to === undefined) this.#queue.push(message)
      else deliver(to, message, this.name)
    }
  }
}
