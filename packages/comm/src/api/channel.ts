import { Receiver } from '../delivery/receiver.js'
import { assertMessageSize } from './message-limit.js'
import type { QueuedMessage } from '../delivery/route.js'
import { ChannelClosedError, ChannelModeError } from '../errors.js'
import { handlerCall } from '../delivery/ordered-runner.js'
import { getRuntime } from '../runtime/current-runtime.js'
import { reportOnce } from '../runtime/report.js'
import type { EndHandle, Runtime } from '../runtime/runtime.js'
import type { ChannelOptions, Guard, Handler, Predicate, PutOptions, ReceiveOptions, Unsubscribe } from '../types.js'
import { validateChannelOptions, validateName, validateWaitOptions, optionsObject } from './validate.js'
import { assertChannelsHere } from '../runtime/thread-bus.js'

/** Unfinished messages an end takes ahead by default; see `ChannelOptions.prefetch`. */
export const DEFAULT_PREFETCH = 1024

const NO_OPTIONS: ReceiveOptions = Object.freeze({})

/** JSON carries Infinity as null: both mean no bound. */
const isBounded = (maxQueue: number | null | undefined): boolean => typeof maxQueue === 'number' && maxQueue !== Number.POSITIVE_INFINITY

/**
 * This process's end of a named channel. Every process that holds the name
 * holds its own end; what one end sends goes to exactly one other end.
 *
 * An end receives in one mode: passive (`onReceive` handlers) or active
 * (`receive()` and `for await`). How many messages it takes, acknowledges and
 * gives back is the delivery protocol's business (`delivery/receiver.ts`).
 */
export class Channel<T = unknown> implements AsyncIterable<T> {
  readonly name: string
  readonly options: Readonly<ChannelOptions>
  readonly #runtime: Runtime
  readonly #receiver: Receiver
  readonly #errorHandlers = new Set<(error: unknown) => void>()
  #closed = false
  /** Named in errors; made once, since send() and receive() run per message. */
  readonly #sendWhat: string
  readonly #receiveWhat: string

  constructor(name: string, options: ChannelOptions = {}) {
    validateName(name, 'new Channel()')
    validateChannelOptions(options, `new Channel('${name}')`)
    assertChannelsHere('new Channel()')
    this.name = name
    this.options = Object.freeze({ ...options })
    this.#sendWhat = `send() on channel '${name}'`
    this.#receiveWhat = `receive() on channel '${name}'`
    this.#runtime = getRuntime()
    if (this.#runtime.ends.has(name)) {
      throw new TypeError(`new Channel('${name}'): this process already has an end of this channel; use getChannel('${name}') to get it.`)
    }
    const runtime = this.#runtime
    this.#receiver = new Receiver({
      channel: name,
      port: runtime.client,
      decode: message => runtime.serializer.decode(message.wire),
      report: error => this.#report(error),
      prefetch: options.prefetch ?? runtime.known.get(name)?.prefetch ?? DEFAULT_PREFETCH,
      // Asked when a message is used, since the channel may be registered after this end was made.
      get eagerAcks() {
        return isBounded(options.maxQueue) || isBounded(runtime.known.get(name)?.maxQueue)
      },
      drainedAcks: runtime.role === 'main',
    })
    runtime.ends.set(name, this.#handle())
    runtime.client.hold(name)
  }

  /**
   * Sends to one other holder of the channel, never back to this end. Throws a
   * `SerializationError` (a TypeError) for a value the serializer cannot carry,
   * and, in main, `ChannelFullError` when the channel is at `maxQueue` (in a
   * child the refusal reaches `onError`, since main decides). Use `put()` to
   * wait for room instead.
   */
  send(data: T): void {
    if (this.#closed) throw new ChannelClosedError(this.name)
    const { wire, size } = this.#runtime.serializer.encode(data, this.#sendWhat)
    assertMessageSize(size, this.#sendWhat)
    this.#runtime.client.send(this.name, wire, size)
  }

  /**
   * Sends, waiting for room when the channel is bounded by `maxQueue` and
   * full, like a stream's `drain` or Python's `asyncio.Queue.put`. Resolves
   * once main accepted the message; rejects with `TimeoutError` after
   * `timeout` ms, or the signal's reason, and the message is then not sent.
   */
  async put(data: T, options: PutOptions = {}): Promise<void> {
    const what = `put() on channel '${this.name}'`
    if (this.#closed) throw new ChannelClosedError(this.name)
    validateWaitOptions(options, what)
    if (options.signal?.aborted) throw options.signal.reason
    const { wire, size } = this.#runtime.serializer.encode(data, what)
    assertMessageSize(size, what)
    await this.#runtime.client.put(this.name, wire, size, options, what)
  }

  /**
   * Passive mode: runs `handler` for every message that passes `filter`. Each
   * handler sees messages in order, one at a time; the second argument says
   * who sent the message and whether it is a redelivery. Returns a function
   * that removes the handler.
   */
  onReceive<S extends T>(handler: Handler<S>, options: { filter: Guard<T, S> }): Unsubscribe
  onReceive(handler: Handler<T>, options?: { filter?: Predicate<T> }): Unsubscribe
  onReceive(handler: Handler<T>, options: { filter?: Predicate<T> } = {}): Unsubscribe {
    const api = `onReceive() on channel '${this.name}'`
    if (typeof handler !== 'function') throw new TypeError(`${api} needs a handler function, got ${typeof handler}.`)
    optionsObject(options, api)
    if (options.filter !== undefined && typeof options.filter !== 'function') {
      throw new TypeError(`${api}: filter must be a function, got ${typeof options.filter}.`)
    }
    this.#assertOpen()
    if (this.#receiver.mode === 'active') {
      throw new ChannelModeError(
        `Channel '${this.name}' is in active mode (receive() or for await was used on this end), so it cannot also take onReceive handlers.`,
      )
    }
    const call = handlerCall(handler as Handler<unknown>, options.filter as Predicate<unknown> | undefined, error => this.#report(error))
    return this.#receiver.addHandler(call)
  }

  /**
   * Active mode: the next message. Rejects with `TimeoutError` after
   * `timeout` ms, with the signal's reason when `signal` aborts, and with
   * `ProcessExitedError` when the last other holder of the channel exits (or
   * had already left for good when the call began).
   */
  receive(options: ReceiveOptions = NO_OPTIONS): Promise<T> {
    return this.#receive(options, options !== NO_OPTIONS)
  }

  /** `validate`: false for options this end made itself (a `for await` loop's), since it runs per message. */
  #receive(options: ReceiveOptions, validate: boolean): Promise<T> {
    const what = this.#receiveWhat
    try {
      this.#assertOpen()
      if (this.#receiver.mode === 'passive') {
        throw new ChannelModeError(`Channel '${this.name}' is in passive mode (it has onReceive handlers), so receive() cannot be used on this end.`)
      }
      if (validate) validateWaitOptions(options, what)
    } catch (error) {
      return Promise.reject(error)
    }
    if (options.signal?.aborted) return Promise.reject(options.signal.reason)
    return this.#receiver.receive(options, what) as Promise<T>
  }

  /**
   * `for await (const message of channel)`: active mode, until the end is
   * closed. Leaving the loop gives back what it had taken ahead.
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    let abort: AbortController | undefined
    /** Made once per loop, and valid by construction: next() runs per message. */
    let options: ReceiveOptions | undefined
    let looping = false
    const leave = (): void => {
      if (!looping) return
      looping = false
      this.#receiver.loop(-1)
    }
    const ended = (error: unknown): IteratorResult<T> => {
      // A loop whose next() throws is over: it must not keep messages taken ahead.
      leave()
      if (error instanceof ChannelClosedError || abort!.signal.aborted) return { done: true, value: undefined }
      throw error
    }
    return {
      // Not an async function: a loop over a stream calls this per message, and one promise is enough.
      next: () => {
        if (this.#closed) return Promise.resolve({ done: true, value: undefined })
        if (!looping) {
          looping = true
          this.#receiver.loop(1)
        }
        // One controller per loop: return() aborts whichever next() waits.
        abort ??= new AbortController()
        options ??= { signal: abort.signal }
        return this.#receive(options, false).then(value => ({ done: false, value }), ended)
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
   * error handler they are printed, at most one line per channel and second.
   */
  onError(handler: (error: unknown) => void): Unsubscribe {
    if (typeof handler !== 'function') throw new TypeError(`onError() on channel '${this.name}' needs a handler function, got ${typeof handler}.`)
    this.#errorHandlers.add(handler)
    return () => this.#errorHandlers.delete(handler)
  }

  /**
   * Stops receiving on this end: pending `receive()` calls reject with
   * `ChannelClosedError`, and messages no handler began go back to the
   * channel for the other holders. Handlers already running finish. The name
   * stays registered.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#runtime.ends.delete(this.name)
    void this.#receiver.close(true)
  }

  get closed(): boolean {
    return this.#closed
  }

  #handle(): EndHandle {
    return {
      channel: this,
      deliver: (message: QueuedMessage) => this.#receiver.deliver(message),
      alone: exit => this.#receiver.alone(exit),
      company: () => this.#receiver.company(),
      peerExited: exit => this.#receiver.peerExited(exit),
      refused: error => this.#report(error),
      share: () => this.#receiver.share(),
      // Receiving stops; sending does not, so that what finishes during the stop can still reply.
      stop: () => {
        this.#runtime.ends.delete(this.name)
        return this.#receiver.close(false)
      },
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new ChannelClosedError(this.name)
  }

  #report(error: unknown): void {
    if (this.#errorHandlers.size === 0) return reportOnce(`channel '${this.name}'`, error)
    for (const handler of this.#errorHandlers) {
      try {
        handler(error)
      } catch (inner) {
        reportOnce(`the error handler of channel '${this.name}'`, inner)
      }
    }
  }
}
