import { ChannelRoute, type QueuedMessage } from './channel-route.js'
import { CommError } from './errors.js'
import type { ChildFrame, StoreRequest, Wire } from './protocol.js'
import { Store } from './store.js'
import type { ChannelOptions } from './types.js'

/** How the hub reaches one process: main itself, or a child over its transport. */
export interface ProcessSink {
  deliver(channel: string, message: QueuedMessage): void
  publish(topic: string, wire: Wire): void
  registered(channel: string, options: ChannelOptions): void
  refused(channel: string, maxQueue: number): void
  peerExited(channel: string, exit: PeerExit): void
  /** Nothing more is routed to the end after its unlisten. */
  unlistened(channel: string): void
}

/** A process that left a channel, as the processes still on it learn of it. */
export interface PeerExit extends ExitDetails {
  process: string
  /** It had left before the receive() began, and nobody else holds the channel. */
  before?: boolean
}

export interface ExitDetails {
  code: number | null
  signal: string | null
}

/**
 * How a process left. `'gone'`: for good (stopped, or exited with no restart
 * coming). `'crashed'`: it crashed and its policy restarts it. `'restarting'`:
 * main stops it to start it again.
 */
export type Departure = 'gone' | 'crashed' | 'restarting'

/**
 * Lives in main and is the one place that knows every process: it routes
 * channel messages, holds the store and fans out publications. Main talks to
 * it directly, children through frames.
 */
export class Hub {
  readonly registry = new Map<string, ChannelOptions>()
  readonly store = new Store()
  readonly #routes = new Map<string, ChannelRoute>()
  readonly #sinks = new Map<string, ProcessSink>()
  readonly #topics = new Map<string, Set<string>>()
  /** Processes being stopped: nothing more is routed to them. */
  readonly #closing = new Set<string>()

  readonly #deliver = (to: string, message: QueuedMessage, channel: string): void => {
    this.#sinks.get(to)?.deliver(channel, message)
  }

  attach(process: string, sink: ProcessSink, holds: readonly string[] = []): void {
    this.#sinks.set(process, sink)
    this.#closing.delete(process)
    for (const route of this.#routes.values()) {
      route.returning.delete(process)
      route.departed.delete(process)
    }
    for (const channel of holds) this.hold(process, channel)
  }

  /** The process is being stopped: from now on its messages wait here, for the other holders or its next start. */
  quiesce(process: string): void {
    this.#closing.add(process)
    for (const route of this.#routes.values()) route.unlisten(process)
  }

  detach(process: string, exit: ExitDetails, departure: Departure): void {
    this.#sinks.delete(process)
    this.#closing.delete(process)
    for (const route of this.#routes.values()) {
      route.forget(process)
      if (!route.holders.delete(process)) continue
      if (departure === 'gone') route.departed.set(process, exit)
      else route.returning.set(process, exit)
      // A restart on purpose fails nobody's receive(); leaving for good or crashing does.
      if (departure !== 'restarting') this.#tellWhoIsLeft(route, process, exit)
    }
    for (const subscribers of this.#topics.values()) subscribers.delete(process)
    this.store.releaseAll(process)
  }

  /** A process that was to come back will not (stopped meanwhile, or failed to start): who waits on its channels learns it now. */
  depart(process: string): void {
    for (const route of this.#routes.values()) {
      const exit = route.returning.get(process)
      if (!exit) continue
      route.returning.delete(process)
      route.departed.set(process, exit)
      this.#tellWhoIsLeft(route, process, exit)
    }
  }

  /** Whoever is left alone on the channel would wait forever: tell them. */
  #tellWhoIsLeft(route: ChannelRoute, process: string, exit: ExitDetails): void {
    if (route.holders.size !== 1 || [...route.returning.keys()].some(p => p !== process)) return
    const [last] = route.holders
    this.#sinks.get(last!)?.peerExited(route.name, { process, ...exit })
  }

  /** The holder that left for good, if `process` is the only one left and nobody is coming back. */
  #leftAlone(route: ChannelRoute, process: string): PeerExit | undefined {
    if (route.returning.size > 0) return undefined
    for (const holder of route.holders) if (holder !== process) return undefined
    const last = [...route.departed].at(-1)
    return last && { process: last[0], ...last[1], before: true }
  }

  hold(process: string, channel: string, options?: ChannelOptions): void {
    const route = this.#route(channel, options)
    route.holders.add(process)
    route.departed.delete(process)
  }

  register(process: string, channel: string, options: ChannelOptions = {}): void {
    this.#route(channel, options)
    this.registry.set(channel, options)
    for (const [name, sink] of this.#sinks) if (name !== process) sink.registered(channel, options)
  }

  /** See `ChannelRoute.listen`. An active end with nobody left to send to it learns so at once. */
  listen(process: string, channel: string, wanted = Number.POSITIVE_INFINITY, received?: number): void {
    if (this.#closing.has(process)) return
    const route = this.#route(channel)
    route.listen(process, wanted, received, this.#deliver)
    if (wanted === Number.POSITIVE_INFINITY || route.available(process) <= 0) return
    const gone = this.#leftAlone(route, process)
    if (gone) this.#sinks.get(process)?.peerExited(channel, gone)
  }

  unlisten(process: string, channel: string): void {
    this.#routes.get(channel)?.unlisten(process)
  }

  send(process: string, channel: string, wire: Wire, size: number): void {
    this.#route(channel).send({ from: process, wire, size, seq: 0 }, this.#deliver)
  }

  requeue(channel: string, messages: QueuedMessage[]): void {
    this.#route(channel).requeue(messages, this.#deliver)
  }

  subscribe(process: string, topic: string): void {
    let subscribers = this.#topics.get(topic)
    if (!subscribers) this.#topics.set(topic, subscribers = new Set())
    subscribers.add(process)
  }

  unsubscribe(process: string, topic: string): void {
    this.#topics.get(topic)?.delete(process)
  }

  publish(topic: string, wire: Wire): void {
    for (const process of this.#topics.get(topic) ?? []) this.#sinks.get(process)?.publish(topic, wire)
  }

  /** Storage and publish requests; the result travels back as-is (wires inside stay encoded). */
  async request(process: string, request: StoreRequest): Promise<unknown> {
    switch (request.op) {
      case 'get': return this.store.get(process, request.key)
      case 'set': return this.store.set(process, request.key, request.v)
      case 'delete': return this.store.delete(process, request.key)
      case 'getAll': return Object.fromEntries(this.store.entries())
      case 'lock': return this.store.lock(process, request.key)
      case 'commit':
        if (!this.store.commit(request.key, request.lock, request.v, request.abort === true)) {
          throw new CommError('ERR_LOCK', `The lock on key '${request.key}' is no longer held.`)
        }
        return undefined
      case 'publish': return this.publish(request.topic, request.d)
      default: throw new CommError('ERR_PROTOCOL', `Unknown storage operation '${(request as { op: string }).op}'.`)
    }
  }

  /** Frames from a child that the hub handles itself; the rest return false. */
  handle(process: string, frame: ChildFrame): boolean {
    switch (frame.t) {
      case 'hold': this.hold(process, frame.c, frame.o); return true
      case 'reg': this.register(process, frame.c, frame.o); return true
      case 'listen': this.listen(process, frame.c, frame.n ?? Number.POSITIVE_INFINITY, frame.r); return true
      case 'unlisten':
        this.unlisten(process, frame.c)
        this.#sinks.get(process)?.unlistened(frame.c)
        return true
      case 'send': this.#sendFromChild(process, frame.c, frame.d, frame.z ?? 0); return true
      case 'requeue': this.requeue(frame.c, frame.d.map(([from, wire, seq]) => ({ from, wire, size: 0, seq }))); return true
      case 'sub': this.subscribe(process, frame.topic); return true
      case 'unsub': this.unsubscribe(process, frame.topic); return true
      default: return false
    }
  }

  #sendFromChild(process: string, channel: string, wire: Wire, size: number): void {
    try {
      this.send(process, channel, wire, size)
    } catch (error) {
      const route = this.#routes.get(channel)
      if (route && error instanceof CommError && error.code === 'ERR_CHANNEL_FULL') this.#sinks.get(process)?.refused(channel, route.maxQueue)
      else throw error
    }
  }

  #route(channel: string, options?: ChannelOptions): ChannelRoute {
    let route = this.#routes.get(channel)
    if (!route) this.#routes.set(channel, route = new ChannelRoute(channel))
    if (options?.maxQueue !== undefined) route.maxQueue = options.maxQueue
    return route
  }
}
