import { ChannelRoute, type ExitDetails, type PeerExit, type QueuedMessage, type RouteOutbox } from '../delivery/route.js'
import { ChannelFullError } from '../errors.js'
import type { RegisteredOptions, StoreRequest, Wire } from '../protocol/frames.js'
import { MAIN } from '../runtime/runtime.js'
import { cancelledError } from '../runtime/withdrawable.js'
import { Inspector } from './inspector.js'
import type { KeyStore } from './key-store.js'
import { DEFAULT_LEASE, Store } from './store.js'

/** How the hub reaches one process: main itself, or a child over its transport. */
export interface ProcessSink {
  deliver(channel: string, message: QueuedMessage): void
  publish(topic: string, wire: Wire): void
  registered(channel: string, options: RegisteredOptions): void
  refused(channel: string, maxQueue: number): void
  alone(channel: string, exit: PeerExit): void
  company(channel: string): void
  /** The only other holder crashed and will be restarted: receive() calls waiting now fail, later ones wait for it. */
  crashed(channel: string, exit: PeerExit): void
  /** Answers a give-back: nothing sent to the end before it is still on its way. */
  returned(channel: string): void
  /** Asks the end to give back what it took ahead and has not begun (it answers with `returnUnused`); absent where ends cannot. */
  share?(channel: string): void
}

/**
 * What the hub tells the cluster, when main joined one (`main/cluster-link.ts`):
 * other mains appear in each route as one holder each, named by `remoteHolder`.
 */
export interface HubCluster {
  isRemote(process: string): boolean
  /** A message was used here: the main it came from (`origin`) may forget it, or this main's journal. */
  used(channel: string, message: QueuedMessage): void
  /** This main accepted a message: its journal keeps it. */
  accepted(channel: string, message: QueuedMessage): void
  /** Messages came back to this main's queue: its journal keeps them again. */
  requeued(channel: string, messages: readonly QueuedMessage[]): void
  /** Resolves once every message this main accepted so far is kept where its death does not take it. */
  written(): Promise<void>
  publish(from: string, topic: string, wire: Wire): void
  registered(channel: string, options: RegisteredOptions, byMain: boolean): void
  /** Who holds or listens on the channel here changed (`undefined`: maybe on every channel). */
  holdersChanged(channel: string | undefined): void
  /** A process of this main started, stopped or crashed. */
  processesChanged(): void
}

/**
 * How a process left. `'gone'`: for good (stopped, or exited with no restart
 * coming). `'crashed'`: it crashed and its policy restarts it. `'restarting'`:
 * main stops it to start it again.
 */
export type Departure = 'gone' | 'crashed' | 'restarting'

/**
 * Lives in main and is the one place that knows every process: it routes
 * channel messages (each channel's rules are in `ChannelRoute`), holds the
 * store and fans out publications. Main calls it directly; a child's frames
 * reach it through `ChildLink`, which checks them first.
 */
export class Hub {
  readonly registry = new Map<string, RegisteredOptions>()
  /** Main's own store; a cluster puts its own in its place. */
  store: KeyStore
  /** How long a key lock may be held, read when one is granted (see `Store`). */
  readonly lease: () => number
  /** Set while main is part of a cluster. */
  cluster: HubCluster | undefined
  readonly #routes = new Map<string, ChannelRoute>()
  readonly #sinks = new Map<string, ProcessSink>()
  readonly #topics = new Map<string, Set<string>>()
  /** Processes being stopped: nothing more is routed to them. */
  readonly #closing = new Set<string>()

  readonly inspector = new Inspector()
  readonly #preview: (wire: Wire) => string

  readonly #outbox: RouteOutbox = {
    deliver: (to, channel, message) => {
      if (this.inspector.active) {
        this.inspector.emit({
          type: 'message',
          channel,
          from: message.from,
          to,
          preview: this.#preview(message.wire),
          redelivered: message.redelivered === true,
        })
      }
      this.#sinks.get(to)?.deliver(channel, message)
    },
    alone: (to, channel, exit) => this.#sinks.get(to)?.alone(channel, exit),
    company: (to, channel) => this.#sinks.get(to)?.company(channel),
    crashed: (to, channel, exit) => this.#sinks.get(to)?.crashed(channel, exit),
    share: (to, channel) => {
      const sink = this.#sinks.get(to)
      if (sink?.share === undefined) return false
      sink.share(channel)
      return true
    },
    used: (channel, message) => this.cluster?.used(channel, message),
    accepted: (channel, message) => this.cluster?.accepted(channel, message),
    requeued: (channel, messages) => this.cluster?.requeued(channel, messages),
    // A message that came from another main is for this main's own ends only: it never travels on.
    mayTake: (to, message) => message.origin === undefined || this.cluster?.isRemote(to) !== true,
  }

  /** `preview` renders a stored or sent value for `inspector`; `lease` says how long a key lock may be held (see `Store`). */
  constructor(preview: (wire: Wire) => string = String, lease: () => number = () => DEFAULT_LEASE) {
    this.#preview = preview
    this.lease = lease
    this.store = new Store(lease)
  }

  attach(process: string, sink: ProcessSink, holds: readonly string[] = []): void {
    this.#sinks.set(process, sink)
    this.#closing.delete(process)
    for (const route of this.#routes.values()) route.rejoin(process)
    for (const channel of holds) this.hold(process, channel)
    this.cluster?.holdersChanged(undefined)
  }

  /** The process is being stopped: from now on its messages wait here, for the other holders or its next start. */
  quiesce(process: string): void {
    this.#closing.add(process)
    for (const route of this.#routes.values()) route.pause(process)
    this.cluster?.holdersChanged(undefined)
  }

  detach(process: string, exit: ExitDetails, departure: Departure): void {
    this.#sinks.delete(process)
    this.#closing.delete(process)
    for (const route of this.#routes.values()) {
      route.dropParked(process)
      route.drop(process)
      if (route.holders.has(process)) {
        route.leave(process, exit, departure)
        this.#inspectChannel(route)
      }
    }
    for (const subscribers of this.#topics.values()) subscribers.delete(process)
    this.store.releaseAll(process)
    this.cluster?.holdersChanged(undefined)
  }

  /** A process that was to come back will not (stopped meanwhile, or failed to start): who waits on its channels learns it now. */
  depart(process: string): void {
    for (const route of this.#routes.values()) route.abandon(process)
    this.cluster?.holdersChanged(undefined)
  }

  /** The channel's route, if anything happened on it yet. */
  route(channel: string): ChannelRoute | undefined {
    return this.#routes.get(channel)
  }

  /** The channel's route, made if need be. */
  routeFor(channel: string): ChannelRoute {
    return this.#route(channel)
  }

  channels(): IterableIterator<string> {
    return this.#routes.keys()
  }

  isRegistered(channel: string): boolean {
    return this.registry.has(channel)
  }

  hold(process: string, channel: string): void {
    const route = this.#route(channel)
    const joined = !route.holders.has(process)
    route.hold(process)
    if (joined) this.#inspectChannel(route)
    if (joined) this.cluster?.holdersChanged(channel)
  }

  /**
   * Registers the channel for every process. Main's word is final: a child
   * registering a channel that exists already keeps the existing options, and
   * main registering it again without a `maxQueue` keeps the bound it set.
   */
  register(process: string, channel: string, options: RegisteredOptions = {}): void {
    const effective = this.applyRegistration(channel, options, process === MAIN)
    this.cluster?.registered(channel, effective, process === MAIN)
  }

  /** Registers the channel here; what another main registered arrives this way too. */
  applyRegistration(channel: string, options: RegisteredOptions, byMain: boolean): RegisteredOptions {
    const existing = this.registry.get(channel)
    const effective = !existing ? options : !byMain ? existing : keepBound(options, existing)
    this.registry.set(channel, effective)
    this.#route(channel).maxQueue = effective.maxQueue ?? Number.POSITIVE_INFINITY
    for (const [name, sink] of this.#sinks) if (name !== MAIN) sink.registered(channel, effective)
    this.#inspectChannel(this.#route(channel))
    return effective
  }

  listen(process: string, channel: string, window: number): void {
    if (this.#closing.has(process)) return
    this.#route(channel).listen(process, window)
    this.cluster?.holdersChanged(channel)
  }

  ack(process: string, channel: string, count: number): void {
    this.#routes.get(channel)?.ack(process, count)
  }

  giveBack(process: string, channel: string, seqs: readonly number[], received: number): void {
    this.#routes.get(channel)?.giveBack(process, seqs, received)
    if (process !== MAIN) this.#sinks.get(process)?.returned(channel)
    this.cluster?.holdersChanged(channel)
  }

  /** The end keeps listening and gives back messages nothing began on: on a `share` request, or as its window shrank. */
  returnUnused(process: string, channel: string, seqs: readonly number[], received: number): void {
    const route = this.#routes.get(channel)
    if (!route) return
    route.returnUnused(process, seqs, received)
    // Before anything new goes to the end: what arrives before this answer, it drops.
    if (process !== MAIN) this.#sinks.get(process)?.returned(channel)
    route.resume()
  }

  /** Throws `ChannelFullError` when the channel is at its bound. */
  send(process: string, channel: string, wire: Wire, size: number): void {
    try {
      this.#route(channel).send(process, wire, size)
    } catch (error) {
      if (error instanceof ChannelFullError) this.inspectRefusal(process, channel, 'full', () => this.#preview(wire))
      throw error
    }
  }

  /** Tells the inspector that main refused a message; `preview` is only made while someone listens. */
  inspectRefusal(from: string, channel: string, reason: 'full' | 'too-large', preview: () => string): void {
    if (this.inspector.active) this.inspector.emit({ type: 'refused', channel, from, reason, preview: preview() })
  }

  /** A child's send: a refusal goes back to it as a frame. */
  sendFrom(process: string, channel: string, wire: Wire, size: number): void {
    try {
      this.send(process, channel, wire, size)
    } catch (error) {
      if (!(error instanceof ChannelFullError)) throw error
      this.#sinks.get(process)?.refused(channel, this.#route(channel).maxQueue)
    }
  }

  /**
   * Resolves once the channel accepted the message; rejects with
   * `ERR_CANCELLED` if `cancel(process, channel, id)` withdrew it first.
   */
  put(process: string, channel: string, wire: Wire, size: number, id: number): Promise<void> {
    const cluster = this.cluster
    return new Promise((resolve, reject) =>
      // In a cluster, a put is accepted once the message is kept where this main's death does not take it.
      this.#route(channel).put(process, wire, size, id, cluster ? () => void cluster.written().then(resolve) : resolve, () =>
        reject(cancelledError(`The put on channel '${channel}' was withdrawn before the channel had room.`)),
      ),
    )
  }

  cancel(process: string, channel: string, id: number): void {
    this.#routes.get(channel)?.cancel(process, id)
  }

  subscribe(process: string, topic: string): void {
    let subscribers = this.#topics.get(topic)
    if (!subscribers) this.#topics.set(topic, (subscribers = new Set()))
    subscribers.add(process)
  }

  unsubscribe(process: string, topic: string): void {
    const subscribers = this.#topics.get(topic)
    subscribers?.delete(process)
    if (subscribers?.size === 0) this.#topics.delete(topic)
  }

  publish(from: string, topic: string, wire: Wire): void {
    if (this.cluster) this.cluster.publish(from, topic, wire)
    else this.publishHere(from, topic, wire)
  }

  /** To this main's subscribers; in a cluster every main does this for every publication. */
  publishHere(from: string, topic: string, wire: Wire): void {
    const subscribers = [...(this.#topics.get(topic) ?? [])]
    if (this.inspector.active) this.inspector.emit({ type: 'publish', topic, from, subscribers, preview: this.#preview(wire) })
    for (const process of subscribers) this.#sinks.get(process)?.publish(topic, wire)
  }

  /** Storage and publish requests; the result travels back as-is (wires inside stay encoded). */
  async request(process: string, request: StoreRequest): Promise<unknown> {
    switch (request.op) {
      case 'get':
        return this.store.get(process, request.key)
      case 'set':
        this.#inspectStore(process, request.key, request.v)
        return this.store.set(process, request.key, request.v)
      case 'delete':
        this.#inspectStore(process, request.key, undefined)
        return this.store.delete(process, request.key)
      case 'getAll':
        return Object.fromEntries(await this.store.entries())
      case 'lock':
        return this.store.lock(process, request.key, request.w)
      case 'withdraw':
        return this.store.withdraw(process, request.key, request.w)
      case 'commit':
        await this.store.commit(process, request.key, request.lock, request.v, request.abort === true)
        if (request.abort !== true) this.#inspectStore(process, request.key, request.v)
        return undefined
      case 'publish':
        return this.publish(process, request.topic, request.d)
    }
  }

  #inspectChannel(route: ChannelRoute): void {
    if (this.inspector.active) this.inspector.emit({ type: 'channel', name: route.name, holders: [...route.holders] })
  }

  /** Reported when the call reaches main; the store applies it in its key's turn. */
  #inspectStore(by: string, key: string, wire: Wire | undefined): void {
    if (!this.inspector.active) return
    this.inspector.emit(wire === undefined ? { type: 'store', op: 'delete', key, by } : { type: 'store', op: 'set', key, by, value: this.#preview(wire) })
  }

  #route(channel: string): ChannelRoute {
    let route = this.#routes.get(channel)
    if (!route) {
      route = new ChannelRoute(channel, this.#outbox)
      const maxQueue = this.registry.get(channel)?.maxQueue
      if (maxQueue !== undefined) route.maxQueue = maxQueue
      this.#routes.set(channel, route)
    }
    return route
  }
}

/** A bound is lifted only by saying so (`maxQueue: Infinity`), never by leaving it out. */
function keepBound(options: RegisteredOptions, existing: RegisteredOptions): RegisteredOptions {
  return options.maxQueue === undefined && existing.maxQueue !== undefined ? { ...options, maxQueue: existing.maxQueue } : options
}
