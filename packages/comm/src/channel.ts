import type { QueuedMessage } from './channel-route.js'
import { getRuntime } from './current-runtime.js'
import { ChannelClosedError, ChannelModeError, ProcessExitedError, TimeoutError } from './errors.js'
import type { PeerExit } from './hub.js'
import { reportError } from './local-dispatch.js'
import { orderedHandler } from './ordered-handler.js'
import type { EndHandle, Runtime } from './runtime.js'
import type { ChannelOptions, Guard, Handler, Predicate, ReceiveOptions, Unsubscribe } from './types.js'

interface Waiter<T> {
  resolve(value: T): void
  reject(error: unknown): void
  cleanup(): void
}

type Mode = 'idle' | 'passive' | 'active'

/**
 * This process's end of a named channel. Every process that holds the name
 * holds its own end; what one end sends goes to exactly one other end.
 *
 * An end receives in one mode: passive (`onReceive` handlers) or active
 * (`receive()` and `for await`).
 */
export class Channel<T = unknown> implements AsyncIterable<T> {
  readonly name: string
  readonly options: Readonly<ChannelOptions>
  readonly #runtime: Runtime
  readonly #handlers = new Set<(value: T) => void>()
  readonly #errorHandlers = new Set<(error: unknown) => void>()
  readonly #buffer: QueuedMessage[] = []
  readonly #waiters: Array<Waiter<T>> = []
  #mode: Mode = 'idle'
  #listening = false
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
    const run = orderedHandler(handler, options.filter, error => this.#report(error))
    this.#handlers.add(run)
    this.#listen()
    return () => {
      if (!this.#handlers.delete(run) || this.#handlers.size > 0) return
      this.#mode = 'idle'
      this.#unlisten()
    }
  }

  /**
   * Active mode: the next message. Rejects with `TimeoutError` after
   * `timeout` ms, with the signal's reason when `signal` aborts, and with
   * `ProcessExitedError` when the last other holder of the channel exits.
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
    this.#listen()
    const next = this.#buffer.shift()
    if (next) return this.#decode(next)
    return this.#wait(options)
  }

  /** `for await (const message of channel)`: active mode, until the end is closed. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    let abort: AbortController | undefined
    return {
      next: async () => {
        if (this.#closed) return { done: true, value: undefined }
        abort = new AbortController()
        try {
          return { done: false, value: await this.receive({ signal: abort.signal }) }
        } catch (error) {
          if (error instanceof ChannelClosedError || abort.signal.aborted) return { done: true, value: undefined }
          throw error
        }
      },
      // Leaving the loop must not leave a waiter behind that would swallow a message.
      return: async () => {
        abort?.abort()
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
   * `ChannelClosedError`, and messages it had not consumed go back to main
   * for the other holders. The name stays registered.
   */
  close(): void {
    if (this.#closed) return
    const unconsumed = this.#close()
    if (unconsumed.length > 0) this.#runtime.client.requeue(this.name, unconsumed)
  }

  get closed(): boolean {
    return this.#closed
  }

  #close(): QueuedMessage[] {
    this.#closed = true
    this.#unlisten()
    this.#handlers.clear()
    this.#runtime.ends.delete(this.name)
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(new ChannelClosedError(this.name))
    }
    return this.#buffer.splice(0)
  }

  #handle(): EndHandle {
    return {
      channel: this,
      deliver: message => this.#deliver(message),
      peerExited: exit => this.#peerExited(exit),
      refused: error => this.#report(error),
      drain: () => this.#close(),
    }
  }

  #deliver(message: QueuedMessage): void {
    if (this.#mode === 'passive') {
      let value: T
      try {
        value = this.#runtime.serializer.decode(message.wire) as T
      } catch (error) {
        return this.#report(error)
      }
      for (const run of [...this.#handlers]) run(value)
    } else if (this.#mode === 'active') {
      const waiter = this.#waiters.shift()
      if (!waiter) return void this.#buffer.push(message)
      waiter.cleanup()
      this.#decode(message).then(waiter.resolve, waiter.reject)
    } else {
      // Handlers were removed while the message was on its way: let another holder have it.
      this.#runtime.client.requeue(this.name, [message])
    }
  }

  #peerExited(exit: PeerExit): void {
    for (const waiter of this.#waiters.splice(0)) {
      waiter.cleanup()
      waiter.reject(new ProcessExitedError(exit.process, `receive() on channel '${this.name}'`, exit.code, exit.signal))
    }
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
      if (signal?.aborted) return reject(signal.reason)
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
      }
      if (timeout !== undefined) {
        timer = setTimeout(() => settleEarly(new TimeoutError(`receive() on channel '${this.name}' timed out after ${timeout} ms.`)), timeout)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.#waiters.push(waiter)
    })
  }

  #listen(): void {
    if (this.#listening) return
    this.#listening = true
    this.#runtime.client.listen(this.name)
  }

  #unlisten(): void {
    if (!this.#listening) return
    this.#listening = false
    this.#runtime.client.unlisten(this.name)
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
