import { ChannelFullError } from '../errors.js'
import type { Wire } from '../protocol/frames.js'

export interface QueuedMessage {
  from: string
  wire: Wire
  /** Approximate encoded bytes, for the transport's batching. */
  size: number
  /** Order in which the channel accepted it: a message handed back returns to its place. */
  seq: number
  /** It reached an end that died (or was killed) before finishing it. */
  redelivered?: boolean
  /** Sent by a process of another main, which keeps it until this main reports it used. */
  origin?: { node: string; seq: number }
  /**
   * Set by main's route when it delivers the message: how many messages of
   * the channel it had delivered to the same process before. A message is
   * with one process at a time, so it carries the number itself.
   */
  index?: number
}

export interface ExitDetails {
  code: number | null
  signal: string | null
}

/** A process that left a channel, as the process still on it learns of it. */
export interface PeerExit extends ExitDetails {
  process: string
}

/** What a route asks of the hub: each call reaches one process. */
export interface RouteOutbox {
  deliver(to: string, channel: string, message: QueuedMessage): void
  /** `to` is the only holder left, nobody is coming back, and nothing more waits for it. */
  alone(to: string, channel: string, exit: PeerExit): void
  /** Someone joined the channel `to` had been told it was alone on. */
  company(to: string, channel: string): void
  /** The only other holder crashed and will be back: what `to` waits for now fails, what it asks later waits. */
  crashed(to: string, channel: string, exit: PeerExit): void
  /** A message from another main (`origin`) was used here. */
  used?(channel: string, message: QueuedMessage): void
  /**
   * Whether `to` may take `message`; by default anyone but its sender may. A
   * cluster keeps a message that came from another main off the other mains.
   */
  mayTake?(to: string, message: QueuedMessage): boolean
  /**
   * Asks `to` to give back the messages it took ahead and has not begun,
   * since another end began to listen. Returns whether it was asked (an end
   * that cannot be asked, another main, keeps what it has until it uses it).
   */
  share?(to: string, channel: string): boolean
}

/**
 * Besides its window of messages, an end holds at most this many bytes of
 * unfinished messages (as the serializer estimates them), unless it holds
 * none: a window of large messages must not fill a process's memory. Like
 * AMQP's prefetch size beside its prefetch count.
 */
export const WINDOW_BYTES = 64 * 1024 * 1024

/** A listening end: how many unfinished messages it takes, and the ones it has. */
interface Consumer {
  window: number
  /** Delivered and not yet acknowledged, in delivery order. */
  unacked: QueuedMessage[]
  /** The sizes of `unacked`, added up. */
  bytes: number
  /** Asked to share what it took ahead, and has not answered yet. */
  asked?: boolean
}

/** A `put` waiting for room. */
interface Parked {
  message: QueuedMessage
  id: number
  accepted(): void
  withdrawn(): void
}

/**
 * Main's side of the delivery protocol for one named channel (see PROTOCOL.md).
 *
 * Each message goes to exactly one listening end other than its sender,
 * round-robin. An end takes up to its window of unfinished messages; it
 * acknowledges them as its code uses them, which opens the window again. Main
 * keeps every unacknowledged message until then, so whatever an end had not
 * used when it gives messages back, stops or dies returns to the queue in its
 * place, ahead of newer ones. `maxQueue` bounds everything accepted and not
 * yet used: the queue here plus every end's unacknowledged messages.
 */
export class ChannelRoute {
  readonly holders = new Set<string>()
  /** Former holders that will be back: a restart, or an automatic restart after a crash. */
  readonly returning = new Map<string, ExitDetails>()
  /** Former holders that left for good, most recent last. */
  readonly departed = new Map<string, ExitDetails>()
  maxQueue = Number.POSITIVE_INFINITY
  readonly #consumers = new Map<string, Consumer>()
  /** Per process, messages delivered since it attached: the count its runtime keeps too. */
  readonly #delivered = new Map<string, number>()
  /** Listening ends in round-robin order. */
  #listeners: string[] = []
  #next = 0
  /** Waiting messages in `seq` order; `#head` skips the delivered ones without shifting the array. */
  #queue: Array<QueuedMessage | undefined> = []
  #head = 0
  #lastSeq = 0
  /** Per sender, its messages accepted and not yet used: what `maxQueue` bounds. */
  readonly #pendingBy = new Map<string, number>()
  /** Per sender, its messages waiting in the queue. */
  readonly #queuedBy = new Map<string, number>()
  #parked: Parked[] = []
  #draining = false
  #drainAgain = false
  /** The holder that was told it is alone, until someone joins. */
  #toldAlone: string | undefined

  constructor(
    readonly name: string,
    readonly outbox: RouteOutbox,
  ) {}

  /** The ends taking messages now. */
  get listeners(): readonly string[] {
    return this.#listeners
  }

  /** How many unfinished messages the end takes at a time now (0 when it does not listen). */
  windowOf(process: string): number {
    return this.#listeners.includes(process) ? (this.#consumers.get(process)?.window ?? 0) : 0
  }

  get queued(): number {
    return this.#queue.length - this.#head
  }

  /** `from`'s messages accepted and not yet used. */
  pending(from: string): number {
    return this.#pendingBy.get(from) ?? 0
  }

  hasRoom(from: string): boolean {
    return this.pending(from) < this.maxQueue
  }

  /** Accepts a message or throws `ChannelFullError`. */
  send(from: string, wire: Wire, size: number): void {
    if (this.maxQueue !== Number.POSITIVE_INFINITY && !this.hasRoom(from)) throw new ChannelFullError(this.name, this.maxQueue)
    this.#accept({ from, wire, size, seq: 0 })
  }

  /** A message another main accepted under its own bound: it is taken as is. */
  sendFromRemote(from: string, wire: Wire, size: number, origin: { node: string; seq: number }, redelivered: boolean): void {
    this.#accept(redelivered ? { from, wire, size, seq: 0, origin, redelivered } : { from, wire, size, seq: 0, origin })
  }

  /** Accepts the message now if there is room, else once there is (`accepted` runs then), or until `cancel`. */
  put(from: string, wire: Wire, size: number, id: number, accepted: () => void, withdrawn: () => void): void {
    const message = { from, wire, size, seq: 0 }
    if (!this.#parked.some(p => p.message.from === from) && this.hasRoom(from)) {
      this.#accept(message)
      accepted()
      return
    }
    this.#parked.push({ message, id, accepted, withdrawn })
  }

  /** Withdraws a waiting put of `from`; nothing happens if it was accepted already. */
  cancel(from: string, id: number): void {
    const index = this.#parked.findIndex(p => p.id === id && p.message.from === from)
    if (index === -1) return
    const [parked] = this.#parked.splice(index, 1)
    parked!.withdrawn()
  }

  /** Sets the end's window; it takes messages as long as it has fewer unfinished ones. */
  listen(process: string, window: number): void {
    let consumer = this.#consumers.get(process)
    if (!consumer) this.#consumers.set(process, (consumer = { window, unacked: [], bytes: 0 }))
    consumer.window = window
    const joined = !this.#listeners.includes(process)
    if (joined) this.#listeners.push(process)
    this.#drain()
    // Nothing waits here for the newcomer: the backlog, if any, is in the other ends' read-ahead.
    if (joined && this.#takes(process)) this.#askToShare(process)
  }

  /** Asks every other end that holds more than the message it is on to give back what it has not begun. */
  #askToShare(newcomer: string): void {
    if (this.outbox.share === undefined) return
    for (const other of this.#listeners) {
      const consumer = this.#consumers.get(other)
      if (other === newcomer || consumer === undefined || consumer.asked === true || consumer.unacked.length < 2) continue
      if (this.outbox.share(other, this.name)) consumer.asked = true
    }
  }

  /** The end finished its next `count` messages. */
  ack(process: string, n: number): void {
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    const { unacked } = consumer
    const done = Math.min(n, unacked.length)
    for (let i = 0; i < done; i++) {
      const message = unacked[i]!
      consumer.bytes -= message.size
      this.#used(message)
    }
    // shift() is O(1) on V8's arrays, where splice(0, n) copies the rest: an end on a bounded channel acknowledges each message.
    if (done === 1) unacked.shift()
    else if (done > 0) consumer.unacked = unacked.slice(done)
    this.#forgetIfIdle(process, consumer)
    this.#drain()
  }

  /** Another main used these messages (by `seq`), in whatever order its ends finished them. */
  ackSeqs(process: string, seqs: readonly number[]): void {
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    const done = new Set(seqs)
    consumer.unacked = consumer.unacked.filter(message => {
      if (!done.has(message.seq)) return true
      consumer.bytes -= message.size
      this.#used(message)
      return false
    })
    this.#forgetIfIdle(process, consumer)
    this.#drain()
  }

  /**
   * Another main gives back messages it took and cannot use (its last end
   * left): they return to their place here, for the other holders.
   */
  takeBack(process: string, seqs: readonly number[], redelivered: readonly number[]): void {
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    const back = new Set(seqs)
    const again = new Set(redelivered)
    const returned: QueuedMessage[] = []
    consumer.unacked = consumer.unacked.filter(message => {
      if (!back.has(message.seq)) return true
      consumer.bytes -= message.size
      returned.push(again.has(message.seq) ? { ...message, redelivered: true } : message)
      return false
    })
    this.#forgetIfIdle(process, consumer)
    this.#requeue(returned)
  }

  /** Takes out of the queue the waiting messages that came from other mains (this main has nobody left to use them). */
  takeRemote(): QueuedMessage[] {
    const remote: QueuedMessage[] = []
    const kept: QueuedMessage[] = []
    for (let i = this.#head; i < this.#queue.length; i++) {
      const message = this.#queue[i]!
      if (message.origin) {
        remote.push(message)
        count(this.#queuedBy, message.from, -1)
        count(this.#pendingBy, message.from, -1)
      } else kept.push(message)
    }
    this.#queue = kept
    this.#head = 0
    this.#refreshAlone()
    return remote
  }

  /**
   * The end keeps listening and gives back the messages it names (`seqs`),
   * which it took ahead and has not begun (asked to share, or its window
   * shrank), and every message main sent it beyond the first `received`,
   * which it will drop as they arrive: it then gets nothing newer before them.
   * They wait in their place until `resume()`, so that main can first tell
   * the end that nothing it sent before is on its way.
   */
  returnUnused(process: string, seqs: readonly number[], received: number): void {
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    consumer.asked = false
    const back = this.#takeOut(consumer, seqs, received)
    this.#forgetIfIdle(process, consumer)
    if (back.length > 0) this.#insert(back)
  }

  /** Delivers what waits, after `returnUnused`. */
  resume(): void {
    this.#drain()
  }

  /**
   * The end stops taking messages and gives back those it names (`seqs`), and
   * every message main sent it beyond the first `received`, which it had not
   * seen. It keeps the others (started, not finished) until it acknowledges them.
   */
  giveBack(process: string, seqs: readonly number[], received: number): void {
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    consumer.window = 0
    consumer.asked = false
    this.#listeners = this.#listeners.filter(p => p !== process)
    const back = this.#takeOut(consumer, seqs, received)
    this.#forgetIfIdle(process, consumer)
    this.#requeue(back)
  }

  /** Removes from what the end holds the messages named, and those sent beyond the first `received`. */
  #takeOut(consumer: Consumer, seqs: readonly number[], received: number): QueuedMessage[] {
    const named = new Set(seqs)
    const back: QueuedMessage[] = []
    consumer.unacked = consumer.unacked.filter(message => {
      if (!named.has(message.seq) && message.index! < received) return true
      back.push(message)
      consumer.bytes -= message.size
      return false
    })
    return back
  }

  /** Nothing more goes to the process, which keeps what it has until it finishes or dies. */
  pause(process: string): void {
    const consumer = this.#consumers.get(process)
    if (consumer) consumer.window = 0
    this.#listeners = this.#listeners.filter(p => p !== process)
  }

  /**
   * The process is gone: every message it had not finished goes back to the
   * queue, marked as redelivered, since its code may have begun on it.
   */
  drop(process: string): void {
    this.pause(process)
    this.#delivered.delete(process)
    const consumer = this.#consumers.get(process)
    if (!consumer) return
    this.#consumers.delete(process)
    this.#requeue(consumer.unacked.map(message => ({ ...message, redelivered: true })))
  }

  /** Parked puts of a process that is gone were never accepted: they go with it. */
  dropParked(process: string): void {
    this.#parked = this.#parked.filter(p => p.message.from !== process)
    this.#refreshAlone()
  }

  /** Also for an end made anew by a holder: if it is alone, it learns so at once. */
  hold(process: string): void {
    this.holders.add(process)
    this.departed.delete(process)
    this.returning.delete(process)
    // An end made anew by a holder that was alone learns it at once.
    if (this.#toldAlone === process) this.#toldAlone = undefined
    this.#refreshAlone()
  }

  /**
   * The process left the channel: `'gone'` for good; `'restarting'` on
   * purpose, so nobody's receive() fails; `'crashed'`, to be restarted.
   */
  leave(process: string, exit: ExitDetails, how: 'gone' | 'restarting' | 'crashed'): void {
    if (!this.holders.delete(process)) return
    if (how === 'gone') {
      this.departed.set(process, exit)
      return this.#refreshAlone()
    }
    this.returning.set(process, exit)
    const [last] = this.holders
    if (how === 'crashed' && this.holders.size === 1 && [...this.returning.keys()].every(p => p === process)) {
      this.outbox.crashed(last!, this.name, { process, ...exit })
    }
  }

  /** The process runs again: who is alone on a channel it held waits for it again. */
  rejoin(process: string): void {
    this.returning.delete(process)
    if (this.departed.delete(process)) this.#refreshAlone()
  }

  /** A process that was to come back will not. */
  abandon(process: string): void {
    const exit = this.returning.get(process)
    if (!exit) return
    this.returning.delete(process)
    this.departed.set(process, exit)
    this.#refreshAlone()
  }

  #used(message: QueuedMessage): void {
    count(this.#pendingBy, message.from, -1)
    if (message.origin) this.outbox.used?.(this.name, message)
  }

  #accept(message: QueuedMessage): void {
    message.seq = ++this.#lastSeq
    count(this.#pendingBy, message.from, 1)
    // Only an empty queue may be skipped: a sender's messages never overtake each other.
    if (this.queued === 0 && !this.#draining) {
      const to = this.#pick(message)
      if (to !== undefined) return this.#deliverTo(to, message)
    }
    this.#enqueue(message)
    // A burst beyond every window: nobody can take it now, and there is nothing else to do.
    // A message more can only end a holder's being alone, never begin it.
    if (!this.#draining && this.#parked.length === 0 && !this.#anyoneTakes()) {
      if (this.#toldAlone !== undefined) this.#refreshAlone()
      return
    }
    this.#drain()
  }

  #enqueue(message: QueuedMessage): void {
    this.#queue.push(message)
    count(this.#queuedBy, message.from, 1)
  }

  #requeue(messages: QueuedMessage[]): void {
    if (messages.length === 0) return
    this.#insert(messages)
    this.#drain()
  }

  #forgetIfIdle(process: string, consumer: Consumer): void {
    if (consumer.window === 0 && consumer.unacked.length === 0) this.#consumers.delete(process)
  }

  #deliverTo(to: string, message: QueuedMessage): void {
    const consumer = this.#consumers.get(to)!
    const index = this.#delivered.get(to) ?? 0
    this.#delivered.set(to, index + 1)
    message.index = index
    consumer.unacked.push(message)
    consumer.bytes += message.size
    this.outbox.deliver(to, this.name, message)
  }

  #takes(process: string): boolean {
    const consumer = this.#consumers.get(process)
    return consumer !== undefined && consumer.unacked.length < consumer.window && (consumer.bytes < WINDOW_BYTES || consumer.unacked.length === 0)
  }

  /**
   * Whether some listener with room can take a queued message. A listener
   * never takes its own messages, so a queue full of the only taker's
   * messages stops the scan at once instead of walking it on every send.
   */
  #anyoneTakes(): boolean {
    let taker: string | undefined
    for (const process of this.#listeners) {
      if (!this.#takes(process)) continue
      if (taker !== undefined) return true
      taker = process
    }
    return taker !== undefined && this.queued > (this.#queuedBy.get(taker) ?? 0)
  }

  #pick(message: QueuedMessage): string | undefined {
    const size = this.#listeners.length
    const mayTake = this.outbox.mayTake
    for (let i = 0; i < size; i++) {
      const candidate = this.#listeners[(this.#next + i) % size]!
      if (candidate !== message.from && this.#takes(candidate) && (mayTake === undefined || mayTake(candidate, message))) {
        this.#next = (this.#next + i + 1) % size
        return candidate
      }
    }
    return undefined
  }

  #drain(): void {
    if (this.#draining) {
      this.#drainAgain = true
      return
    }
    this.#draining = true
    try {
      do {
        this.#drainAgain = false
        this.#admitParked()
        let i = this.#head
        while (i < this.#queue.length) {
          const message = this.#queue[i]!
          const to = this.#pick(message)
          if (to === undefined) {
            if (!this.#anyoneTakes()) break
            // Only its own sender listens: it waits for someone else, later messages may pass it.
            i++
            continue
          }
          if (i === this.#head) {
            this.#queue[i] = undefined
            i = ++this.#head
          } else {
            this.#queue.splice(i, 1)
          }
          count(this.#queuedBy, message.from, -1)
          this.#deliverTo(to, message)
        }
        this.#compact()
      } while (this.#drainAgain)
    } finally {
      this.#draining = false
    }
    this.#refreshAlone()
  }

  /** Each sender's parked puts, in order, as far as its room goes. */
  #admitParked(): void {
    if (this.#parked.length === 0) return
    const full = new Set<string>()
    this.#parked = this.#parked.filter(({ message, accepted }) => {
      if (full.has(message.from) || !this.hasRoom(message.from)) {
        full.add(message.from)
        return true
      }
      message.seq = ++this.#lastSeq
      count(this.#pendingBy, message.from, 1)
      this.#enqueue(message)
      accepted()
      return false
    })
  }

  /** The holder nobody can send anything more: the only one left, nobody coming back, nothing waiting for it. */
  #aloneHolder(): string | undefined {
    if (this.holders.size !== 1 || this.returning.size > 0 || this.departed.size === 0) return undefined
    const [last] = this.holders as unknown as [string]
    if (this.queued - (this.#queuedBy.get(last) ?? 0) > 0) return undefined
    if (this.#parked.some(p => p.message.from !== last)) return undefined
    return last
  }

  /** Tells a holder when it becomes alone (its receive() need not wait forever), and when that stops being so. */
  #refreshAlone(): void {
    const alone = this.#aloneHolder()
    const told = this.#toldAlone
    if (told === alone) return
    this.#toldAlone = alone
    if (told !== undefined && this.holders.has(told)) this.outbox.company(told, this.name)
    if (alone === undefined) return
    const [process, exit] = [...this.departed].at(-1)!
    this.outbox.alone(alone, this.name, { process, ...exit })
  }

  /** Puts messages back in their place by `seq`: usually at the front, where it costs nothing. */
  #insert(messages: QueuedMessage[]): void {
    const sorted = [...messages].sort((a, b) => a.seq - b.seq)
    for (let k = sorted.length - 1; k >= 0; k--) {
      const message = sorted[k]!
      count(this.#queuedBy, message.from, 1)
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

function count(counts: Map<string, number>, key: string, delta: number): void {
  const total = (counts.get(key) ?? 0) + delta
  if (total === 0) counts.delete(key)
  else counts.set(key, total)
}
