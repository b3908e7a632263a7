import type { QueuedMessage } from './channel-route.js'
import { getRuntime } from './current-runtime.js'
import { ChannelClosedError, ChannelModeError, ProcessExitedError, TimeoutError } from './errors.js'
import type { PeerExit } from './hub.js'
import { reportError } from './local-dispatch.js'
import { OrderedRunner, handlerCall } from './ordered-handler.js'
import type { EndHandle, Runtime } from './runtime.js'
import type { ChannelOptions, Guard, Handler, Predicate, ReceiveOptions, Unsubscribe } from './types.js'

interface Waiter<T> {
  resolve(value: T): void
  reject(error: unknown): void
  cleanup(): void
}

/** A message given to a passive end's handlers, each of which runs it in its own order. */
interface Dispatch<T> {
  message: QueuedMessage
  value: T
  /** Handlers it was given to and not taken back from: handed back only when that reaches 0 and none started it. */
  waitingIn: number
  started: boolean
}

type Mode = 'idle' | 'passive' | 'active'

/**
 * How many messages a `for await` loop in a child reads ahead on an unbounded
 * channel. Taking one message per receive() would cost a round trip to main for
 * each; the loop asks for more every half window instead. Handed back to main
 * when the loop ends.
 */
const READ_AHEAD = 64

/**
 * This process's end of a named channel. Every process that holds the name
 * holds its own end; what one end sends goes to exactly one other end.
 *
 * An end receives in one mode: passive (`onReceive` handlers) or active
 * (`receive()` and `for await`). It tells main how many messages it takes (see
 * `ChannelRoute`), so that the ones nobody waits for stay in main.
 */
export class Channel<T = unknown> implements AsyncIterable<T> {
  readonly name: string
  readonly options: Readonly<ChannelOptions>
  readonly #runtime: Runtime
  readonly #handlers = new Set<OrderedRunner<Dispatch<T>>>()
  readonly #errorHandlers = new Set<(error: unknown) => void>()
  readonly #waiters: Array<Waiter<T>> = []
  /**
   * Messages that arrived and nothing took yet, in order: read ahead by a `for
   * await` loop, or on their way when the end stopped taking messages. They
   * are taken first, or handed back once nothing sent after them can arrive.
   */
  #held: QueuedMessage[] = []
  /** `for await` loops running on this end. */
  #loops = 0
  #mode: Mode = 'idle'
  /** How many more messages main may send to this end, as far as it knows: Infinity when passive. */
  #granted = 0
  /** Unlistens main has not answered yet: messages may still be on their way. */
  #unlistening = 0
  #closed = false

  constructor(name: string, options: ChannelOptions = {}) {
    if (typeof name !== 'string' || name === '') throw new TypeError(`A channel name must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}.`)
    validateChannelOptions(options, `new Channel('${name}')`)
    this.name = name
    this.options = Object.freeze({ ...options })
    this.#runtime = getRuntime()
    if (this.#runtime.ends.has(name)) {
      throw new TypeError(`This process already has an end of channel '${name}'; use getChannel('${name}') to get it.`)
    }
    this.#runtime.ends.set(name, this.#handle())
    this.#runtime.client.hold(name, this.options)
  }

  /**
   * Sends to one other holder of the channel, never back to this end. Throws a
   * `SerializationError` (a TypeError) for a value the serializer cannot carry,
   * and `ChannelFullError` when main's queue for the channel is at `maxQueue`.
   */
  send(data: T): void {
    if (this.#closed) throw new ChannelClosedError(this.name)
    const { wire, size } = this.#runtime.serializer.encode(data, `send() on channel '${this.name}'`)
    this.#runtime.client.send(this.name, wire, size)
  }

  /**
   * Passive mode: runs `handler` for every message that passes `filter`. Each
   * handler sees messages in order, one at a time. Returns a function that
   * removes the handler.
   */
  onReceive<S extends T>(handler: Handler<S>, options: { filter: Guard<T, S> }): Unsubscribe
  onReceive(handler: Handler<T>, options?: { filter?: Predicate<T> }): Unsubscribe
  onReceive(handler: Handler<T>, options: { filter?: Predicate<T> } = {}): Unsubscribe {
    if (typeof handler !== 'function') throw new TypeError(`onReceive() on channel '${this.name}' needs a handler function, got ${typeof handler}.`)
    if (options.filter !== undefined && typeof options.filter !== 'function') {
      throw new TypeError(`onReceive() on channel '${this.name}': filter must be a function, got ${typeof options.filter}.`)
    }
    this.#assertOpen()
    if (this.#mode === 'active') {
      throw new ChannelModeError(`Channel '${this.name}' is in active mode (receive() or for await was used on this end), so it cannot also take onReceive handlers.`)
    }
    this.#mode = 'passive'
    const call = handlerCall(handler, options.filter, error => this.#report(error))
    const runner = new OrderedRunner<Dispatch<T>>((dispatch) => {
      dispatch.started = true
      return call(dispatch.value)
    })
    this.#handlers.add(runner)
    // What the end held from before is older than anything main sends from now on.
    for (const message of this.#held.splice(0)) this.#dispatch(message)
    this.#syncListen()
    return () => {
      if (!this.#handlers.delete(runner)) return
      const unstarted = this.#takeUnstarted([runner])
      if (this.#handlers.size > 0) {
        // Only the removed handler had them: the others take them, so nothing is lost.
        for (const message of unstarted) this.#dispatch(message)
        return
      }
      this.#mode = 'idle'
      this.#hold(unstarted)
      this.#syncListen()
      this.#settle()
    }
  }

  /**
   * Active mode: the next message. Rejects with `TimeoutError` after
   * `timeout` ms, with the signal's reason when `signal` aborts, and with
   * `ProcessExitedError` when the last other holder of the channel exits (or
   * had already left for good when the call began).
   *
   * The end takes one message per waiting call: the others wait in main, where
   * `maxQueue` bounds them, or go to other holders.
   */
  receive(options: ReceiveOptions = {}): Promise<T> {
    try {
      this.#assertOpen()
      if (this.#mode === 'passive') {
        throw new ChannelModeError(`Channel '${this.name}' is in passive mode (it has onReceive handlers), so receive() cannot be used on this end.`)
      }
      validateReceiveOptions(options, this.name)
    } catch (error) {
      return Promise.reject(error)
    }
    if (options.signal?.aborted) return Promise.reject(options.signal.reason)
    this.#mode = 'active'
    const held = this.#held.shift()
    if (held) {
      this.#syncListen()
      return this.#decode(held)
    }
    return this.#wait(options)
  }

  /**
   * `for await (const message of channel)`: active mode, until the end is
   * closed. In a child, on a channel without `maxQueue`, the loop reads up to
   * 64 messages ahead; leaving the loop hands them back to main.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    let abort: AbortController | undefined
    let looping = false
    const leave = (): void => {
      if (!looping) return
      looping = false
      if (--this.#loops > 0) return
      this.#syncListen()
      this.#settle()
    }
    return {
      next: async () => {
        if (this.#closed) return { done: true, value: undefined }
        if (!looping) {
          looping = true
          this.#loops++
        }
        abort = new AbortController()
        try {
          return { done: false, value: await this.receive({ signal: abort.signal }) }
        } catch (error) {
          // A loop whose next() throws is over: it must not keep messages read ahead.
          leave()
          if (error instanceof ChannelClosedError || abort.signal.aborted) return { done: true, value: undefined }
          throw error
        }
      },
      // Leaving the loop must not leave a waiter behind that would swallow a message.
      return: async () => {
        abort?.abort()
        leave()
        return { done: true, value: undefined }
      },
    }
  }

  /**
   * Where errors of this end go: handlers that throw or reject, and (in a
   * child) sends that main refused because the channel was full. Without an
   * error handler they are printed with console.error.
   */
  onError(handler: (error: unknown) => void): Unsubscribe {
    if (typeof handler !== 'function') throw new TypeError(`onError() on channel '${this.name}' needs a handler function, got ${typeof handler}.`)
    this.#errorHandlers.add(handler)
    return () => this.#errorHandlers.delete(handler)
  }

  /**
   * Stops receiving on this end: pending `receive()` calls reject with
   * `ChannelClosedError`, and messages no handler started go back to main
   * for the other holders. Handlers already running finish. The name stays
   * registered.
   */
  close(): void {
    if (this.#closed) return
    const { unconsumed } = this.#close()
    if (unconsumed.length > 0) this.#runtime.client.requeue(this.name, unconsumed)
  }

  get closed(): boolean {
    return this.#closed
  }

  #close(): { unconsumed: QueuedMessage[]; settled: Promise<void> } {
    this.#closed = true
    this.#runtime.ends.delete(this.name)
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(new ChannelClosedError(this.name))
    }
    this.#syncListen()
    const runners = [...this.#handlers]
    this.#handlers.clear()
    const unconsumed = [...this.#held.splice(0), ...this.#takeUnstarted(runners)].sort(bySeq)
    return { unconsumed, settled: Promise.all(runners.map(runner => runner.idle())).then(() => {}) }
  }

  /** Takes back, from `runners`, the messages that no handler has started and no other handler still holds. */
  #takeUnstarted(runners: Array<OrderedRunner<Dispatch<T>>>): QueuedMessage[] {
    const unstarted: QueuedMessage[] = []
    for (const runner of runners) {
      for (const dispatch of runner.take(d => !d.started)) {
        if (--dispatch.waitingIn === 0) unstarted.push(dispatch.message)
      }
    }
    return unstarted.sort(bySeq)
  }

  #hold(messages: QueuedMessage[]): void {
    if (messages.length > 0) this.#held = [...this.#held, ...messages].sort(bySeq)
  }

  /**
   * Hands back what the end holds but does not want, once nothing sent after
   * it can still arrive: handing back earlier could let a later message
   * overtake it.
   */
  #settle(): void {
    if (this.#held.length === 0 || this.#unlistening > 0 || this.#granted > 0) return
    if (this.#mode === 'passive' || this.#waiters.length > 0 || this.#readAheadLimit() > 0) return
    this.#runtime.client.requeue(this.name, this.#held.splice(0))
  }

  /**
   * Messages a `for await` loop may hold ahead of it: only in a child, and not
   * where `maxQueue` must hold, whether this end set it or the registered channel did.
   */
  #readAheadLimit(): number {
    const bounded = [this.options, this.#runtime.known.get(this.name)]
      .some(options => options?.maxQueue !== undefined && options.maxQueue !== Number.POSITIVE_INFINITY)
    return this.#loops > 0 && this.#runtime.role === 'child' && !bounded ? READ_AHEAD : 0
  }

  #handle(): EndHandle {
    return {
      channel: this,
      deliver: message => this.#deliver(message),
      peerExited: exit => this.#peerExited(exit),
      refused: error => this.#report(error),
      stop: () => this.#close(),
    }
  }

  #deliver(message: QueuedMessage): void {
    if (this.#mode === 'passive') return this.#dispatch(message)
    this.#granted = Math.max(0, this.#granted - 1)
    const waiter = this.#waiters.shift()
    if (waiter) {
      waiter.cleanup()
      this.#decode(message).then(waiter.resolve, waiter.reject)
    } else {
      this.#held.push(message)
    }
    if (this.#granted === 0 && this.#wanted() === 0) this.#runtime.client.satisfied(this.name)
    this.#settle()
  }

  #dispatch(message: QueuedMessage): void {
    let value: T
    try {
      value = this.#runtime.serializer.decode(message.wire) as T
    } catch (error) {
      return this.#report(error)
    }
    const dispatch: Dispatch<T> = { message, value, waitingIn: this.#handlers.size, started: false }
    for (const runner of [...this.#handlers]) runner.push(dispatch)
  }

  #peerExited(exit: PeerExit): void {
    if (this.#waiters.length === 0) return
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(new ProcessExitedError(exit.process, `receive() on channel '${this.name}'`, exit.code, exit.signal, exit.before === true))
    }
    this.#syncListen()
    this.#settle()
  }

  #decode(message: QueuedMessage): Promise<T> {
    try {
      return Promise.resolve(this.#runtime.serializer.decode(message.wire) as T)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  #wait({ timeout, signal }: ReceiveOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      const onAbort = (): void => settleEarly(signal!.reason)
      const waiter: Waiter<T> = {
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer)
          signal?.removeEventListener('abort', onAbort)
        },
      }
      const settleEarly = (reason: unknown): void => {
        const index = this.#waiters.indexOf(waiter)
        if (index === -1) return
        this.#waiters.splice(index, 1)
        waiter.cleanup()
        reject(reason)
        this.#syncListen()
        this.#settle()
      }
      if (timeout !== undefined) {
        timer = setTimeout(() => settleEarly(new TimeoutError(`receive() on channel '${this.name}' timed out after ${timeout} ms.`)), timeout)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.push(waiter)
      // In main this may deliver (or report a departed peer) before it returns.
      this.#syncListen()
    })
  }

  /** How many more messages this end takes: all when passive; when active, one per waiting receive() plus room to read ahead. */
  #wanted(): number {
    if (this.#closed || this.#mode === 'idle') return 0
    if (this.#mode === 'passive') return Number.POSITIVE_INFINITY
    return this.#waiters.length + Math.max(0, this.#readAheadLimit() - this.#held.length)
  }

  /** Tells main how many messages this end takes now, when that changed for a reason main cannot see. */
  #syncListen(): void {
    const wanted = this.#wanted()
    if (wanted === this.#granted) return
    // Reading ahead, main may be told late that there is room again: one frame per half window, not one per message.
    if (wanted > this.#granted && this.#granted > this.#waiters.length && wanted - this.#granted < READ_AHEAD / 2) return
    // Set first: main may deliver before the call returns.
    this.#granted = wanted
    if (wanted > 0) return this.#runtime.client.listen(this.name, wanted)
    this.#unlistening++
    this.#runtime.client.unlisten(this.name, () => {
      this.#unlistening--
      this.#settle()
    })
  }

  #assertOpen(): void {
    if (this.#closed) throw new ChannelClosedError(this.name)
  }

  #report(error: unknown): void {
    if (this.#errorHandlers.size === 0) return reportError(`channel '${this.name}'`, error)
    for (const handler of this.#errorHandlers) {
      try {
        handler(error)
      } catch (inner) {
        reportError(`the error handler of channel '${this.name}' threw`, inner)
      }
    }
  }
}

const bySeq = (a: QueuedMessage, b: QueuedMessage): number => a.seq - b.seq

export function validateChannelOptions(options: ChannelOptions, where: string): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object.`)
  const { maxQueue } = options
  if (maxQueue !== undefined && !(maxQueue === Number.POSITIVE_INFINITY || (Number.isInteger(maxQueue) && maxQueue >= 0))) {
    throw new TypeError(`${where}: maxQueue must be a non-negative integer or Infinity, got ${String(maxQueue)}.`)
  }
}

function validateReceiveOptions({ timeout, signal }: ReceiveOptions, channel: string): void {
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0 && Number.isFinite(timeout))) {
    throw new TypeError(`receive() on channel '${channel}': timeout must be a finite number of milliseconds >= 0, got ${String(timeout)}.`)
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`receive() on channel '${channel}': signal must be an AbortSignal.`)
  }
}
