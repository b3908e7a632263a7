import { CLUSTER_PROTOCOL_VERSION, codecFor, type ClusterFrame, type FrameCodec } from '../protocol/cluster-frames.js'
import type { RegisteredOptions, Wire } from '../protocol/frames.js'
import type { QueuedMessage } from '../delivery/route.js'
import { CommError } from '../errors.js'
import { reportOnce } from '../runtime/report.js'
import type { Serializer } from '../serialization/serializer.js'
import type { ClusterBackend, ClusterMember, ClusterPeer } from '../types.js'
import { ClusterKeyStore } from './cluster-store.js'
import type { Departure, Hub, HubCluster, ProcessSink } from './hub.js'

/** The most unfinished messages of a channel another main may hand this one at a time. */
export const REMOTE_WINDOW = 1024

/** Another main, as a holder in this main's routes. */
export const remoteHolder = (node: string): string => `@${node}`

/** A process of another main, as the sender of a message here; a name that has its main already keeps it (a message taken over from a main that died). */
export const remoteSender = (process: string, node: string): string => (process.includes('@') ? process : `${process}@${node}`)

/** A message's entry in this main's journal: unique while this main lives. */
const journalId = (channel: string, message: QueuedMessage): string => `${message.seq}:${channel}`

const GONE = { code: null, signal: null }

/**
 * This main's side of a cluster (PROTOCOL.md, "Between mains"). Each other
 * main is one holder in this main's routes, so the delivery rules are the
 * same ones: a message goes to one holder, here or on another main; that main
 * reports it used; when that main dies, every message it had not used comes
 * back here and goes to the remaining holders, marked redelivered.
 */
export class ClusterLink implements HubCluster, ClusterPeer {
  readonly codec: FrameCodec
  /** Every main of a cluster must use the same one. */
  readonly #serialization: string
  /** Other mains that said hello, by node name. */
  readonly #peers = new Set<string>()
  /** Mains this one said hello to on its own, after taking them for dead. */
  readonly #greeted = new Set<string>()
  /** Per channel, the window this main last announced (`undefined`: it holds the channel no more). */
  readonly #told = new Map<string, number>()
  /** Channels whose holders changed since the last announcement (`'all'`: maybe any). */
  #changed: Set<string> | 'all' = new Set()
  #announcing = false
  /** Used messages to report, per main and channel. */
  readonly #acks = new Map<string, Map<string, number[]>>()
  /** While the backend's loss is being made good: how many messages go out again. */
  #resent: number | undefined
  #joined: Promise<void> | undefined
  #member = false
  #describing = false
  /**
   * Each journaled message's entry, encoded once: the frame that hands it to
   * another main is the same bytes. A message flagged redelivered is a new
   * object, journaled (and encoded) again.
   */
  readonly #entries = new WeakMap<QueuedMessage, Uint8Array>()

  constructor(
    readonly hub: Hub,
    readonly backend: ClusterBackend,
    serializer: Serializer,
    /** What this main tells the others about itself (its processes). */
    readonly describe: () => unknown,
  ) {
    this.#serialization = serializer.name
    this.codec = codecFor(serializer.name)
    hub.store = new ClusterKeyStore(backend.store, this.codec, () => this.ready(), hub.lease)
  }

  get node(): string {
    return this.backend.node
  }

  /** Joins the cluster, once; again after `leave()`. */
  ready(): Promise<void> {
    this.#joined ??= this.#join()
    return this.#joined
  }

  async #join(): Promise<void> {
    try {
      await this.backend.join(this)
    } catch (error) {
      this.#joined = undefined
      throw error
    }
    this.#member = true
    this.hub.cluster = this
    this.#broadcast(this.#hello())
    for (const [channel, options] of this.hub.registry) this.#broadcast({ t: 'reg', c: channel, o: options, m: false })
    this.holdersChanged(undefined)
    this.processesChanged()
  }

  async leave(): Promise<void> {
    if (!this.#joined) return
    await this.#joined.catch(() => {})
    if (!this.#member) return
    this.#flushAcks()
    this.#member = false
    this.#joined = undefined
    this.hub.cluster = undefined
    for (const node of [...this.#peers]) this.#forget(node)
    this.#told.clear()
    await this.backend.leave()
  }

  members(): Promise<ClusterMember[]> {
    return this.ready().then(() => this.backend.members())
  }

  /** A process started, stopped or crashed here: the others' listing follows, a tick later. */
  processesChanged(): void {
    if (!this.#member || this.#describing) return
    this.#describing = true
    setImmediate(() => {
      this.#describing = false
      if (this.#member) this.backend.describe(this.describe())
    })
  }

  // What the hub tells the cluster.

  isRemote(process: string): boolean {
    return process.startsWith('@')
  }

  used(channel: string, message: QueuedMessage): void {
    if (!message.origin) return this.backend.journal?.remove(journalId(channel, message))
    const { node, seq } = message.origin
    let channels = this.#acks.get(node)
    if (!channels) this.#acks.set(node, (channels = new Map()))
    let seqs = channels.get(channel)
    if (!seqs) channels.set(channel, (seqs = []))
    seqs.push(seq)
    // Reports gather for a turn of the event loop: one frame for many messages.
    if (this.#acks.size === 1 && channels.size === 1 && seqs.length === 1) setImmediate(() => this.#flushAcks())
  }

  accepted(channel: string, message: QueuedMessage): void {
    const journal = this.backend.journal
    if (message.origin || !journal) return
    const entry = this.#entry(channel, message)
    this.#entries.set(message, entry)
    journal.keep(journalId(channel, message), entry)
  }

  requeued(channel: string, messages: readonly QueuedMessage[]): void {
    if (this.#resent !== undefined) this.#resent += messages.length
    // Handed to another main, they had left the journal; back here, they go in again (with their flag).
    for (const message of messages) this.accepted(channel, message)
  }

  written(): Promise<void> {
    return this.backend.journal?.written() ?? Promise.resolve()
  }

  /** A message as its journal entry, and as the frame that hands it to another main: the same bytes. */
  #entry(channel: string, message: QueuedMessage): Uint8Array {
    const kept = this.#entries.get(message)
    if (kept) return kept
    return this.codec.encode({ t: 'msg', c: channel, q: message.seq, f: message.from, d: message.wire, ...(message.redelivered ? { r: true as const } : {}) })
  }

  publish(from: string, topic: string, wire: Wire): void {
    this.#broadcast({ t: 'pub', p: topic, f: from, d: wire })
  }

  registered(channel: string, options: RegisteredOptions, byMain: boolean): void {
    if (this.#member) this.#broadcast({ t: 'reg', c: channel, o: options, m: byMain })
  }

  holdersChanged(channel: string | undefined): void {
    if (!this.#member) return
    if (channel === undefined) this.#changed = 'all'
    else if (this.#changed !== 'all') this.#changed.add(channel)
    if (this.#announcing) return
    this.#announcing = true
    queueMicrotask(() => this.#announce())
  }

  // What the backend reports.

  receive(from: string, bytes: Uint8Array): void {
    let frame: ClusterFrame | undefined
    try {
      frame = parseFrame(this.codec.decode(bytes))
    } catch {
      frame = undefined
    }
    if (!frame) return reportOnce(`main '${from}' in the cluster`, new Error('a malformed frame was dropped'))
    if (from === this.node) {
      // Of this main's own broadcasts, only publications come back to it: its subscribers get them in the cluster's order.
      if (frame.t === 'pub') this.hub.publishHere(frame.f, frame.p, frame.d)
      return
    }
    this.#handle(from, frame, bytes.byteLength)
  }

  joined(): void {
    // A main that joins says hello; nothing is known of it before.
  }

  /**
   * This main takes over what a dead main had accepted and not handed on: as
   * its own messages, in their order, flagged redelivered, since the dead
   * main's ends may have begun them.
   */
  inherit(node: string, entries: Uint8Array[]): void {
    const messages: Array<Extract<ClusterFrame, { t: 'msg' }>> = []
    for (const bytes of entries) {
      let frame: ClusterFrame | undefined
      try {
        frame = parseFrame(this.codec.decode(bytes))
      } catch {
        frame = undefined
      }
      if (frame?.t === 'msg') messages.push(frame)
      else reportOnce(`the journal of main '${node}'`, new Error('a malformed entry was dropped'))
    }
    messages.sort((x, y) => x.q - y.q)
    for (const message of messages) {
      this.hub.routeFor(message.c).sendFromRemote(remoteSender(message.f, node), message.d, 0, undefined, true)
    }
  }

  left(node: string): void {
    this.#forget(node)
  }

  /**
   * Frames between mains may be gone: every main this one knows is met
   * anew (holds told again both ways), and what it was handed and had not
   * reported used comes back here and goes out again, flagged redelivered,
   * which also frees its place in its sender's bound.
   */
  lost(reason: string): void {
    this.#resent = 0
    for (const node of [...this.#peers]) {
      // Not gone for good: nobody here is told it is alone on a channel meanwhile.
      this.#forget(node, 'restarting')
      this.#greet(node)
    }
    const resent = this.#resent
    this.#resent = undefined
    reportOnce(
      'the cluster',
      new CommError(
        'ERR_CLUSTER_DATA_LOST',
        `${reason}. Frames between mains that waited in it are gone: this main sends again, flagged redelivered, the ${resent} message(s) it had handed to other mains and not seen used, and writes its journal again. Publications and registrations that were on their way are lost, and so is every value of the shared memory written before.`,
      ),
    )
  }

  #handle(from: string, frame: ClusterFrame, size: number): void {
    const holder = remoteHolder(from)
    // A main this one took for dead (it was away longer than the lease) is alive after all: they meet again.
    if (frame.t !== 'hello' && frame.t !== 'state' && !this.#peers.has(from)) this.#greet(from)
    switch (frame.t) {
      case 'hello':
        if (frame.v !== CLUSTER_PROTOCOL_VERSION || frame.s !== this.#serialization) {
          return reportOnce(
            `main '${from}' in the cluster`,
            new Error(
              `it speaks cluster protocol ${frame.v} with '${frame.s}' serialization; this main speaks ${CLUSTER_PROTOCOL_VERSION} with '${this.#serialization}', so it is ignored`,
            ),
          )
        }
        // A main that hears hello from one it knows was taken for dead there: it tells its state again.
        if (this.#peers.has(from)) this.#sendState(from)
        else this.#meet(from)
        return
      case 'state':
        this.#meet(from)
        for (const [channel, options] of frame.reg) this.hub.applyRegistration(channel, options, false)
        for (const [channel, window] of frame.hold) this.#hold(holder, channel, window)
        return
      case 'reg':
        this.hub.applyRegistration(frame.c, frame.o, frame.m)
        return
      case 'hold':
        if (this.#peers.has(from)) this.#hold(holder, frame.c, frame.w)
        return
      case 'drop':
        this.hub.route(frame.c)?.pause(holder)
        this.hub.route(frame.c)?.leave(holder, GONE, 'gone')
        return
      case 'msg':
        // Sent before that main learned that nobody here holds the channel any more: it goes straight back.
        if (!this.#told.has(frame.c)) return this.#send(from, { t: 'ret', c: frame.c, q: [frame.q], r: frame.r ? [frame.q] : [] })
        this.hub.routeFor(frame.c).sendFromRemote(remoteSender(frame.f, from), frame.d, size, { node: from, seq: frame.q }, frame.r === true)
        return
      case 'ack':
        this.hub.route(frame.c)?.ackSeqs(holder, frame.q)
        return
      case 'ret':
        this.hub.route(frame.c)?.takeBack(holder, frame.q, frame.r)
        return
      case 'pub':
        this.hub.publishHere(remoteSender(frame.f, from), frame.p, frame.d)
        return
    }
  }

  /** Another main becomes a holder in this main's routes, and learns what this one registered and holds. */
  #meet(node: string): void {
    if (this.#peers.has(node)) return
    this.#peers.add(node)
    this.#greeted.delete(node)
    this.#sendState(node)
    const sink: ProcessSink = {
      deliver: (channel, message) => {
        const frame = this.#entry(channel, message)
        // This main's own message leaves its journal once the other main's inbox holds it.
        const journal = this.backend.journal
        if (journal && !message.origin) journal.handOff(node, frame, journalId(channel, message))
        else this.backend.send(node, frame)
      },
      // Publications travel as broadcasts, registrations too; the other main tells its own ends of the rest.
      publish: () => {},
      registered: () => {},
      refused: () => {},
      alone: () => {},
      company: () => {},
      crashed: () => {},
      returned: () => {},
    }
    this.hub.attach(remoteHolder(node), sink)
  }

  #sendState(node: string): void {
    this.#send(node, { t: 'state', reg: [...this.hub.registry], hold: [...this.#told] })
  }

  /** Says hello to one main, once until they meet. */
  #greet(node: string): void {
    if (this.#greeted.has(node)) return
    this.#greeted.add(node)
    this.#send(node, this.#hello())
  }

  #hello(): ClusterFrame {
    return { t: 'hello', v: CLUSTER_PROTOCOL_VERSION, s: this.#serialization }
  }

  /** Another main is gone: what it had not used comes back here, for the remaining holders. */
  #forget(node: string, departure: Departure = 'gone'): void {
    if (!this.#peers.delete(node)) return
    this.#acks.delete(node)
    this.hub.detach(remoteHolder(node), GONE, departure)
  }

  #hold(holder: string, channel: string, window: number): void {
    this.hub.hold(holder, channel)
    if (window > 0) this.hub.listen(holder, channel, window)
    else this.hub.route(channel)?.pause(holder)
  }

  /** Tells the others what changed in who holds and listens here. */
  #announce(): void {
    this.#announcing = false
    if (!this.#member) return
    const changed = this.#changed === 'all' ? new Set([...this.hub.channels(), ...this.#told.keys()]) : this.#changed
    this.#changed = new Set()
    for (const channel of changed) {
      const window = this.#window(channel)
      if (window === this.#told.get(channel)) continue
      if (window === undefined) {
        this.#told.delete(channel)
        this.#toPeers({ t: 'drop', c: channel })
        this.#giveBackRemote(channel)
      } else {
        this.#told.set(channel, window)
        this.#toPeers({ t: 'hold', c: channel, w: window })
      }
    }
  }

  /**
   * What this main offers on the channel: as many messages as its listening
   * ends take at a time (so `prefetch: 0` stays fair across mains), at most
   * `REMOTE_WINDOW`; 0 while its ends only hold it; `undefined` when nobody
   * here holds it or comes back to it.
   */
  #window(channel: string): number | undefined {
    const route = this.hub.route(channel)
    if (!route) return undefined
    const local = (process: string): boolean => !this.isRemote(process)
    let window = 0
    for (const listener of route.listeners) if (local(listener)) window += route.windowOf(listener)
    if (window > 0) return Math.min(window, REMOTE_WINDOW)
    if ([...route.holders].some(local) || [...route.returning.keys()].some(local)) return 0
    return undefined
  }

  /** Nobody here will use the messages other mains handed this one: they go back. */
  #giveBackRemote(channel: string): void {
    const back = new Map<string, { q: number[]; r: number[] }>()
    const route = this.hub.route(channel)
    for (const message of route?.takeRemote() ?? []) {
      const { node, seq } = message.origin!
      // Its main died meanwhile: this main takes it over, for the holders on other mains.
      if (!this.#peers.has(node)) {
        route!.sendFromRemote(message.from, message.wire, message.size, undefined, message.redelivered === true)
        continue
      }
      let entry = back.get(node)
      if (!entry) back.set(node, (entry = { q: [], r: [] }))
      entry.q.push(seq)
      if (message.redelivered) entry.r.push(seq)
    }
    for (const [node, { q, r }] of back) this.#send(node, { t: 'ret', c: channel, q, r })
  }

  #flushAcks(): void {
    for (const [node, channels] of this.#acks) {
      for (const [channel, seqs] of channels) this.#send(node, { t: 'ack', c: channel, q: seqs })
    }
    this.#acks.clear()
  }

  #send(node: string, frame: ClusterFrame): void {
    this.backend.send(node, this.codec.encode(frame))
  }

  /**
   * What a main tells about its holds goes to each main on the same ordered
   * path as its messages, so that `drop` arrives before the messages it gives back.
   */
  #toPeers(frame: ClusterFrame): void {
    const bytes = this.codec.encode(frame)
    for (const node of this.#peers) this.backend.send(node, bytes)
  }

  #broadcast(frame: ClusterFrame): void {
    this.backend.broadcast(this.codec.encode(frame))
  }
}

const isString = (value: unknown): value is string => typeof value === 'string' && value !== ''
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const isCounts = (value: unknown): value is number[] => Array.isArray(value) && value.every(isCount)

function isOptions(value: unknown): value is RegisteredOptions {
  if (typeof value !== 'object' || value === null) return false
  const options = value as { maxQueue?: unknown; prefetch?: unknown }
  // JSON carries an unbounded maxQueue (Infinity) as null; said explicitly, it lifts a bound that leaving it out keeps.
  if (options.maxQueue === null) options.maxQueue = Number.POSITIVE_INFINITY
  return (
    (options.maxQueue === undefined || options.maxQueue === Number.POSITIVE_INFINITY || isCount(options.maxQueue)) &&
    (options.prefetch === undefined || isCount(options.prefetch))
  )
}

const isEntries = <T>(value: unknown, check: (v: unknown) => v is T): value is Array<[string, T]> =>
  Array.isArray(value) && value.every(e => Array.isArray(e) && e.length === 2 && isString(e[0]) && check(e[1]))

/** Every frame from another main is checked before it touches anything; a main that speaks nonsense is ignored, not trusted. */
function parseFrame(value: unknown): ClusterFrame | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const f = value as Record<string, unknown>
  switch (f.t) {
    case 'hello':
      return isCount(f.v) && isString(f.s) ? (f as ClusterFrame) : undefined
    case 'state':
      return isEntries(f.reg, isOptions) && isEntries(f.hold, isCount) ? (f as ClusterFrame) : undefined
    case 'reg':
      return isString(f.c) && isOptions(f.o) && typeof f.m === 'boolean' ? (f as ClusterFrame) : undefined
    case 'hold':
      return isString(f.c) && isCount(f.w) ? (f as ClusterFrame) : undefined
    case 'drop':
      return isString(f.c) ? (f as ClusterFrame) : undefined
    case 'msg':
      return isString(f.c) && isCount(f.q) && isString(f.f) && 'd' in f && (f.r === undefined || f.r === true) ? (f as ClusterFrame) : undefined
    case 'ack':
      return isString(f.c) && isCounts(f.q) ? (f as ClusterFrame) : undefined
    case 'ret':
      return isString(f.c) && isCounts(f.q) && isCounts(f.r) ? (f as ClusterFrame) : undefined
    case 'pub':
      return isString(f.p) && isString(f.f) && 'd' in f ? (f as ClusterFrame) : undefined
    default:
      return undefined
  }
}
