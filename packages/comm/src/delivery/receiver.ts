import { ChannelClosedError, ProcessExitedError, TimeoutError } from '../errors.js'
import type { MessageInfo, ReceiveOptions } from '../types.js'
import { OrderedRunner } from './ordered-runner.js'
import { WINDOW_BYTES, type PeerExit, type QueuedMessage } from './route.js'

/** How an end reaches main's side of the protocol. */
export interface ReceiverPort {
  listen(channel: string, window: number): void
  ack(channel: string, count: number): void
  giveBack(channel: string, seqs: number[]): void
  /** The end keeps listening and gives back these messages, which nothing began on (see `share()`). */
  returnUnused(channel: string, seqs: number[]): void
  /** Sends what waits to be sent now, even in the middle of handling a batch: an acknowledgement that reopens the window. */
  flush?(): void
}

export interface ReceiverOptions {
  channel: string
  port: ReceiverPort
  decode(message: QueuedMessage): unknown
  report(error: unknown): void
  /** Unfinished messages the end may hold; 0: only one per waiting receive(). */
  prefetch: number
  /**
   * Acknowledge each message as it is used, because a bounded channel's
   * senders wait for the room. Read on each use: the channel may be
   * registered after the end was made.
   */
  readonly eagerAcks: boolean
  /**
   * Acknowledge at the end of the turn once the end has used everything it
   * holds: for main's own ends, whose acknowledgements cross no pipe.
   */
  readonly drainedAcks: boolean
}

/** A message delivered to this end and not yet acknowledged. */
interface Entry {
  message: QueuedMessage
  /** `held`: nothing began on it; `started`: a handler or the user's code has it; `done`: finished. */
  state: 'held' | 'started' | 'done'
  /** Passive: handlers it was given to that have not finished it. */
  remaining: number
}

interface Waiter {
  resolve(value: unknown): void
  reject(error: unknown): void
  cleanup(): void
}

type PassiveCall = (value: unknown, info: MessageInfo) => Promise<void> | undefined

/**
 * An active end that stops receiving keeps its window this long, so that a
 * `while (true) await receive()` loop streams instead of asking main for each
 * message; after that it gives back what it holds, for the other holders.
 */
export const LINGER_MS = 50

/** How long an acknowledgement may wait to travel with others on an unbounded channel. */
const ACK_DELAY_MS = 10

/**
 * The window an end starts with, before it knows how fast it uses messages:
 * small, so that the first end of a work queue to listen does not take a
 * backlog that slower ends, or ends that listen a moment later, should share.
 */
export const INITIAL_WINDOW = 4

/**
 * An end takes ahead about what it uses in this long. Its window grows (by
 * doubling, up to `prefetch`) while it uses messages faster than that, and
 * shrinks when it uses them slower: a worker that spends 50 ms per job holds
 * one or two, a loop that uses a message per microsecond its whole prefetch.
 */
export const READ_AHEAD_MS = 50

/**
 * The end's side of the delivery protocol (PROTOCOL.md): what it takes, what
 * it acknowledges and what it gives back. Main and children use the same
 * rules; only the port differs.
 */
export class Receiver {
  readonly #o: ReceiverOptions
  /** Delivered, not yet acknowledged, in delivery order (which is also the order they finish in). */
  #inbox: Entry[] = []
  /** Entries nothing began on, in order: an active end's read-ahead. */
  #held: Entry[] = []
  #waiters: Waiter[] = []
  /** Replaced, never changed in place: a message is given to the handlers there were when it came, whatever they do. */
  #runners: ReadonlyArray<OrderedRunner<{ entry: Entry; value: unknown; info: MessageInfo }>> = []
  #mode: 'idle' | 'passive' | 'active' = 'idle'
  #loops = 0
  #window = 0
  #unacked = 0
  /**
   * The sizes of the finished messages not acknowledged yet, as far as this
   * end knows them: a child learns only the sizes of 16 KB or more (`z`). A
   * full default window of smaller ones (16 MB at most) stays well under
   * WINDOW_BYTES, so the count acknowledges those in time; with a prefetch
   * large enough to reach it, the 10 ms timer does.
   */
  #unackedBytes = 0
  #ackScheduled = false
  /** An acknowledgement of everything the end held is due after this turn. */
  #drainScheduled = false
  #lastReceive = 0
  /** The adaptive window, at most `prefetch` (see READ_AHEAD_MS). */
  #credit: number
  /** How long the end takes to use a message once it is free to, in ms (a moving average). */
  #service: number | undefined
  /** Since when the message the end uses next has been waiting for it. */
  #mark = 0
  #lingerTimer: NodeJS.Timeout | undefined
  #alone: PeerExit | undefined
  #closed = false

  constructor(options: ReceiverOptions) {
    this.#o = options
    this.#credit = Math.min(INITIAL_WINDOW, Math.max(options.prefetch, 1))
  }

  /** The window the end asks for while it takes messages: its adaptive window, at most its prefetch. */
  get window(): number {
    return this.#window
  }

  get mode(): 'idle' | 'passive' | 'active' {
    return this.#mode
  }

  /** Passive mode: adds a handler; returns what removes it. */
  addHandler(call: PassiveCall): () => void {
    this.#mode = 'passive'
    const runner = new OrderedRunner<{ entry: Entry; value: unknown; info: MessageInfo }>(({ entry, value, info }) => {
      if (entry.state === 'held') entry.state = 'started'
      const pending = call(value, info)
      if (!pending) {
        this.#finishedOne(entry)
        return undefined
      }
      return pending.then(() => this.#finishedOne(entry))
    })
    this.#runners = [...this.#runners, runner]
    this.#sync()
    return () => {
      if (!this.#runners.includes(runner)) return
      this.#runners = this.#runners.filter(other => other !== runner)
      for (const { entry } of runner.take(() => true)) this.#finishedOne(entry)
      if (this.#runners.length === 0) this.#mode = 'idle'
      this.#sync()
    }
  }

  receive(options: ReceiveOptions, what: string): Promise<unknown> {
    this.#mode = 'active'
    this.#lastReceive = performance.now()
    const entry = this.#held.shift()
    if (entry) {
      // A loop that streams keeps its window open: nothing to tell main.
      if (this.#window !== this.#credit || this.#o.prefetch === 0) this.#sync()
      return this.#hand(entry)
    }
    if (this.#alone) return Promise.reject(this.#exitError(this.#alone, what, true))
    return this.#wait(options, what)
  }

  /** A `for await` loop begins or ends: while one runs, the end keeps its window. */
  loop(delta: 1 | -1): void {
    this.#loops += delta
    this.#lastReceive = performance.now()
    this.#sync()
  }

  deliver(message: QueuedMessage): void {
    const entry: Entry = { message, state: 'held', remaining: 0 }
    // An idle end starts on this message at once: the wait for it is not the end's slowness.
    if (this.#mode === 'passive') {
      if (this.#inbox.length === 0) this.#mark = performance.now()
      this.#inbox.push(entry)
      return this.#dispatch(entry)
    }
    this.#inbox.push(entry)
    const waiter = this.#waiters.shift()
    if (!waiter) {
      this.#held.push(entry)
      return
    }
    waiter.cleanup()
    this.#lastReceive = this.#mark = performance.now()
    this.#done(entry)
    let value: unknown
    try {
      value = this.#o.decode(entry.message)
    } catch (error) {
      waiter.reject(error)
      return this.#sync()
    }
    waiter.resolve(value)
    this.#sync()
  }

  /** Nobody is left to send to this end: receive() fails from now on, once what it holds is used. */
  alone(exit: PeerExit): void {
    this.#alone = exit
    this.peerExited(exit)
  }

  /** Fails the receive() calls waiting now. */
  peerExited(exit: PeerExit): void {
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(this.#exitError(exit, `receive() on channel '${this.#o.channel}'`, false))
    }
    this.#sync()
  }

  company(): void {
    this.#alone = undefined
  }

  /**
   * Another end began to listen and main has nothing for it: this end gives
   * back every message it took ahead and nothing began on, and keeps
   * listening, so the newcomer gets its share of a backlog this end held.
   * Always answered, so main may ask again later.
   */
  share(): void {
    // An active end between two receive() calls, in its linger: it would give everything back soon anyway.
    if (this.#mode === 'active' && this.#waiters.length === 0 && this.#loops === 0 && this.#window > 0) {
      clearTimeout(this.#lingerTimer)
      this.#lingerTimer = undefined
      this.#lastReceive = Number.NEGATIVE_INFINITY
      this.#sync()
      return
    }
    this.#o.port.returnUnused(this.#o.channel, this.#returnUnused(0))
  }

  /**
   * Stops receiving for good. `rejectWaiters`: pending receive() calls fail
   * with `ChannelClosedError` (close()); a process being stopped leaves them
   * pending instead, so that code waiting in a loop simply ends with it.
   * Resolves once the messages handlers had begun are finished.
   */
  close(rejectWaiters: boolean): Promise<void> {
    this.#closed = true
    clearTimeout(this.#lingerTimer)
    const waiters = this.#waiters.splice(0)
    for (const waiter of waiters) waiter.cleanup()
    if (rejectWaiters) for (const waiter of waiters) waiter.reject(new ChannelClosedError(this.#o.channel))
    const runners = this.#runners
    this.#runners = []
    for (const runner of runners) for (const { entry } of runner.take(() => true)) this.#finishedOne(entry)
    this.#sync()
    return Promise.all(runners.map(runner => runner.idle())).then(() => this.flushAcks())
  }

  readonly #flushScheduled = (): void => {
    if (this.#ackScheduled) this.flushAcks()
  }

  readonly #flushDrained = (): void => {
    this.#drainScheduled = false
    this.#flushScheduled()
  }

  /** Sends the acknowledgements not sent yet. */
  flushAcks(): void {
    this.#ackScheduled = false
    if (this.#unacked === 0) return
    const count = this.#unacked
    this.#unacked = 0
    this.#unackedBytes = 0
    this.#o.port.ack(this.#o.channel, count)
  }

  #dispatch(entry: Entry): void {
    let value: unknown
    try {
      value = this.#o.decode(entry.message)
    } catch (error) {
      this.#o.report(error)
      return this.#done(entry)
    }
    const info: MessageInfo = { from: entry.message.from, redelivered: entry.message.redelivered === true }
    const runners = this.#runners
    entry.remaining = runners.length
    const item = { entry, value, info }
    for (const runner of runners) runner.push(item)
  }

  #finishedOne(entry: Entry): void {
    if (--entry.remaining > 0) return
    // Taken back from every handler before any began: it goes back unused.
    if (entry.state === 'held') return
    this.#done(entry)
  }

  #hand(entry: Entry): Promise<unknown> {
    this.#done(entry)
    try {
      return Promise.resolve(this.#o.decode(entry.message))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Finished: acknowledged once every message before it is too, since main counts them in order. */
  #done(entry: Entry): void {
    entry.state = 'done'
    const before = this.#credit
    if (this.#o.prefetch > 1) this.#measure()
    const adapted = this.#credit !== before && this.#window !== 0
    // The new window first, so that main does not fill the old one as the acknowledgement arrives.
    if (adapted) this.#sync()
    this.#acknowledge()
    if (!adapted || this.#credit > before) return
    // Smaller: what the end holds beyond it and has not begun goes back for the other ends.
    const back = this.#returnUnused(this.#credit)
    if (back.length > 0) this.#o.port.returnUnused(this.#o.channel, back)
  }

  /** The time this message took to use, into the average that sets the window. */
  #measure(): void {
    const now = performance.now()
    const took = now - this.#mark
    this.#mark = now
    const service = this.#service === undefined ? took : this.#service + (took - this.#service) / 4
    this.#service = service
    const fits = service > 0 ? READ_AHEAD_MS / service : Number.POSITIVE_INFINITY
    const credit = this.#credit
    if (fits >= credit * 2) this.#credit = Math.min(credit * 2, this.#o.prefetch)
    else if (fits * 2 <= credit) this.#credit = Math.max(1, Math.ceil(fits))
  }

  /** Takes out the messages nothing began on beyond the first `keep` unfinished ones; returns their numbers. */
  #returnUnused(keep: number): number[] {
    const inbox = this.#inbox
    const back = new Set<Entry>()
    for (let i = keep; i < inbox.length; i++) if (inbox[i]!.state === 'held') back.add(inbox[i]!)
    if (back.size === 0) return []
    for (const runner of this.#runners) runner.take(item => back.has(item.entry))
    this.#held = this.#held.filter(entry => !back.has(entry))
    this.#inbox = inbox.filter(entry => !back.has(entry))
    return [...back].map(entry => entry.message.seq)
  }

  #acknowledge(): void {
    let count = 0
    while (count < this.#inbox.length && this.#inbox[count]!.state === 'done') this.#unackedBytes += this.#inbox[count++]!.message.size
    if (count === 0) return
    // shift() is O(1) on V8's arrays, splice(0, n) copies the whole rest: this runs per message.
    for (let i = 0; i < count; i++) this.#inbox.shift()
    this.#unacked += count
    // At once when the end takes one at a time, its window is half used, or a
    // sender may wait for the room (the transport still batches the frames of
    // a tick); else a little later, so that an exchange of requests and
    // replies is not doubled by acknowledgements, and a stream is
    // acknowledged in a few batches per window rather than message by message.
    if (this.#o.prefetch === 0 || this.#unacked * 2 >= this.#window || this.#unackedBytes * 2 >= WINDOW_BYTES) {
      // It reopens the window: main can send more while this end uses the rest.
      this.flushAcks()
      return this.#o.port.flush?.()
    }
    // Used up, in main: the sender may be on another main, held back by a
    // window smaller than this end's, so what is used goes back after this
    // turn, with the rest of the batch. A lone message still waits, so that
    // requests and replies are not doubled. A child's end does not: it would
    // answer each small batch of a stream it keeps up with by an IPC write,
    // which brings main's next small batch.
    if (this.#o.drainedAcks && this.#inbox.length === 0 && this.#unacked > 1 && !this.#drainScheduled) {
      this.#drainScheduled = true
      setImmediate(this.#flushDrained)
    }
    // Asked once per scheduled acknowledgement rather than per message: a
    // channel becomes bounded only when it is registered, which is rare.
    if (this.#ackScheduled) return
    if (this.#o.eagerAcks) return this.flushAcks()
    this.#ackScheduled = true
    setTimeout(this.#flushScheduled, ACK_DELAY_MS).unref()
  }

  #wait(options: ReceiveOptions, what: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, cleanup: noop }
      // Most receive() calls have neither: they allocate nothing more.
      if (options.timeout !== undefined || options.signal) this.#bound(waiter, options, what)
      this.#waiters.push(waiter)
      // In main this may deliver before it returns.
      this.#sync()
    })
  }

  /** Ends the wait early on its timeout or its signal. */
  #bound(waiter: Waiter, { timeout, signal }: ReceiveOptions, what: string): void {
    let timer: NodeJS.Timeout | undefined
    const onAbort = (): void => settleEarly(signal!.reason)
    waiter.cleanup = () => {
      if (timer) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const settleEarly = (reason: unknown): void => {
      const index = this.#waiters.indexOf(waiter)
      if (index === -1) return
      this.#waiters.splice(index, 1)
      waiter.cleanup()
      waiter.reject(reason)
      this.#sync()
    }
    if (timeout !== undefined) {
      timer = setTimeout(() => settleEarly(new TimeoutError(`${what} timed out after ${timeout} ms.`)), timeout)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  }

  /** The window the end wants now. */
  #wanted(): number {
    if (this.#closed) return 0
    const { prefetch } = this.#o
    const window = Math.min(prefetch, this.#credit)
    if (this.#mode === 'passive') return this.#runners.length > 0 ? Math.max(window, 1) : 0
    if (this.#mode !== 'active') return 0
    if (prefetch === 0) return this.#waiters.length
    if (this.#waiters.length > 0 || this.#loops > 0) return window
    return this.#lingering() ? window : 0
  }

  /** An active end between two receive() calls keeps its window for a moment; see LINGER_MS. */
  #lingering(): boolean {
    const left = LINGER_MS - (performance.now() - this.#lastReceive)
    if (left <= 0) return false
    if (!this.#lingerTimer) {
      this.#lingerTimer = setTimeout(() => {
        this.#lingerTimer = undefined
        this.#sync()
      }, Math.ceil(left)).unref()
    }
    return true
  }

  /** Tells main the window when it changed; at 0 the end gives back what nothing began on. */
  #sync(): void {
    const wanted = this.#wanted()
    if (wanted === this.#window) return
    // An end that begins to listen has waited for nothing yet.
    if (this.#window === 0) this.#mark = performance.now()
    this.#window = wanted
    if (wanted > 0) return this.#o.port.listen(this.#o.channel, wanted)
    this.flushAcks()
    const back = this.#inbox.filter(entry => entry.state === 'held')
    this.#held = []
    this.#inbox = this.#inbox.filter(entry => entry.state !== 'held')
    this.#o.port.giveBack(
      this.#o.channel,
      back.map(entry => entry.message.seq),
    )
  }

  #exitError(exit: PeerExit, what: string, before: boolean): ProcessExitedError {
    return new ProcessExitedError(exit.process, what, exit.code, exit.signal, before)
  }
}

function noop(): void {}
