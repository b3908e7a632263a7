import type { Redis } from 'ioredis'
import type { ClusterBackend, ClusterMember, ClusterPeer } from 'liteyuki-comm'
import { CommError } from 'liteyuki-comm'
import { available, close, connect } from './connection.js'
import { scripts, type RunScript } from './lua.js'
import { Membership } from './membership.js'
import { keysFor, type Keys, type Settings } from './options.js'
import { Journal, liveEntries } from './journal.js'
import { Outbox, retryDelay } from './outbox.js'
import { Reader } from './reader.js'
import { Store } from './store.js'

/** How long broadcasts stay on the bus: far longer than any reader lags while its node counts as live. */
const busAge = (lease: number): number => Math.max(60_000, 10 * lease)

/** Runs a peer's handler; a handler that throws must not stop the reading of the streams. */
const guard = (handler: () => void): void => {
  try {
    handler()
  } catch (error) {
    queueMicrotask(() => {
      throw error
    })
  }
}

export class RedisClusterBackend implements ClusterBackend {
  readonly node: string
  readonly store: Store
  readonly journal: Journal
  private readonly keys: Keys
  /** Commands and scripts, auto-pipelined. */
  private readonly cmd: Redis
  /** The blocking XREAD of the inbox and the bus. */
  private readonly reads: Redis
  /** Lock release notices. */
  private readonly notices: Redis
  private readonly run: RunScript
  private readonly membership: Membership
  private readonly reader: Reader
  private readonly outboxes = new Map<string, Outbox>()
  private writes = 0
  private peer: ClusterPeer | undefined
  private state: 'new' | 'joining' | 'joined' | 'gone' = 'new'

  constructor(private readonly settings: Settings) {
    this.node = settings.node
    this.keys = keysFor(settings.namespace)
    this.cmd = connect(settings, 'commands', false)
    this.reads = connect(settings, 'reads', false)
    this.notices = connect(settings, 'notices', false)
    this.run = scripts(this.cmd)
    this.membership = new Membership(this.cmd, this.run, settings, this.keys, {
      dataLost: () => {
        this.journal.rewrite()
        guard(() => this.peer?.lost?.(`${settings.address} lost its data (it restarted without persistence, or was emptied)`))
      },
      joined: node => guard(() => this.peer?.joined(node)),
      left: (node, incarnation, how) => {
        this.outboxes.get(this.keys.inbox(node))?.drop()
        this.outboxes.delete(this.keys.inbox(node))
        this.reader.forget(node, incarnation)
        guard(() => this.peer?.left(node, how))
        if (how === 'died') this.adopt(node, incarnation)
      },
    })
    const journalKey = this.keys.journal(this.node, this.membership.incarnation)
    this.journal = new Journal(
      (set, remove) => this.run('journal', [journalKey], [set.length / 2, ...set, ...remove]),
      (node, frame, after) => this.sendThen(node, frame, after),
      () => Promise.all([...this.outboxes.values()].map(outbox => outbox.flushed())).then(() => {}),
    )
    this.reader = new Reader(this.reads, this.cmd, this.keys.inbox(this.node), this.keys.bus, settings.lease, {
      frames: (from, incarnation, to, frames) => {
        if (!this.membership.accepts(from, incarnation) || (to !== undefined && to !== this.membership.incarnation)) return
        for (const frame of frames) guard(() => this.peer?.receive(from, frame))
      },
      member: (type, node, incarnation) => this.membership.onEvent(type, node, incarnation),
    })
    this.store = new Store(this.cmd, this.run, settings, this.keys, `${this.node}|${this.membership.incarnation}|`)
    this.notices.on('message', (_channel: string, key: string) => this.store.waiters.wake(key))
  }

  async join(peer: ClusterPeer): Promise<void> {
    if (this.state !== 'new') throw new Error(`join(): the cluster node '${this.node}' was already joined; make a new redisCluster() to join again.`)
    this.state = 'joining'
    this.peer = peer
    try {
      await this.cmd.connect().catch(() => {})
      // Release notices wake store calls waiting for a lock; one missed while
      // subscribing or reconnecting costs a poll, not a wrong answer.
      this.notices.subscribe(this.keys.unlock).catch(() => {})
      await this.refuseShardedCluster()
      const busId = await this.membership.join()
      this.reader.start('0-0', busId)
      this.state = 'joined'
    } catch (error) {
      this.state = 'gone'
      await this.shutdown()
      throw error
    }
  }

  /** Every script touches keys of many hash slots, which a sharded Redis Cluster refuses: better said at join than at the first message. */
  private async refuseShardedCluster(): Promise<void> {
    const info = await available(this.cmd, this.settings, 'join()', () => this.cmd.info('cluster'))
    if (!/^cluster_enabled:1/m.test(info)) return
    throw new CommError(
      'ERR_CLUSTER_UNSUPPORTED',
      `join(): ${this.settings.address} runs as a sharded Redis Cluster (cluster_enabled:1), which liteyuki-comm-redis does not support: its scripts use keys of many hash slots at once. Use one Redis server, or a primary with replicas watched by Redis Sentinel (the 'sentinels' option).`,
    )
  }

  send(node: string, frame: Uint8Array): void {
    this.sendThen(node, frame)
  }

  /** `after` runs once the frame is in Redis; false when the node is not one to send to. */
  private sendThen(node: string, frame: Uint8Array, after?: () => void): boolean {
    if (this.state !== 'joined' || !this.membership.isLive(node)) return false
    this.outbox(this.keys.inbox(node), this.membership.incarnationOf(node)).push(frame, after)
    return true
  }

  /** Takes over a dead node's journal, if no other survivor took it first, and hands its entries to the peer. */
  private adopt(node: string, incarnation: string): void {
    this.run('adopt', [this.keys.journal(node, incarnation)], [], true).then(
      fields => {
        const entries = liveEntries(fields as Buffer[])
        if (this.state === 'joined' && entries.length > 0) guard(() => this.peer?.inherit?.(node, entries))
      },
      () => {
        // Only a closed connection rejects (ioredis waits out outages): try again unless this node is gone.
        if (this.state === 'joined') setTimeout(() => this.adopt(node, incarnation), retryDelay).unref()
      },
    )
  }

  broadcast(frame: Uint8Array): void {
    // Before joining, nobody (this node included) would take it from the bus.
    if (this.state !== 'joined') return
    this.outbox(this.keys.bus).push(frame)
  }

  describe(info: unknown): void {
    this.membership.describe(info)
  }

  members(): Promise<ClusterMember[]> {
    return this.membership.members()
  }

  async leave(): Promise<void> {
    if (this.state === 'gone') return
    const joined = this.state === 'joined'
    this.state = 'gone'
    this.membership.stop()
    try {
      if (joined) {
        // What was sent before leaving arrives before the goodbye.
        await this.waitAtMost(Promise.all([...this.outboxes.values()].map(outbox => outbox.flushed())))
        // Leaving on purpose, this node's queue goes as on one machine: its journal is deleted with its goodbye.
        this.journal.stop()
        await Promise.all([this.store.release(), this.membership.leave().catch(() => {})])
      }
    } finally {
      await this.shutdown()
    }
  }

  /**
   * Stops heartbeats, lock renewals and reading without a goodbye, as a
   * process that froze or lost its network would; commands still reach
   * Redis. For tests of what the others see.
   */
  freeze(): Promise<void> {
    this.membership.stop()
    this.store.stop()
    this.journal.stop()
    return this.reader.stop()
  }

  /** Closes every connection without a goodbye. */
  async shutdown(): Promise<void> {
    this.state = 'gone'
    this.membership.stop()
    this.store.stop()
    this.journal.stop()
    for (const outbox of this.outboxes.values()) outbox.drop()
    await this.reader.stop()
    await Promise.all([close(this.cmd), close(this.notices)])
  }

  private async waitAtMost(work: Promise<unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    await Promise.race([work, new Promise(resolve => (timer = setTimeout(resolve, this.settings.timeout)))])
    clearTimeout(timer)
  }

  private outbox(stream: string, to?: string): Outbox {
    let outbox = this.outboxes.get(stream)
    if (!outbox) {
      // Frames name the incarnation they are for: a write still in flight
      // when its target left must not reach a node that took the name since.
      const fields = ['t', 'f', 'n', this.node, 'i', this.membership.incarnation, ...(to === undefined ? [] : ['to', to]), 's']
      const bus = stream === this.keys.bus
      outbox = new Outbox(
        () => ++this.writes,
        (sequence, batch) => {
          const offset = this.membership.serverOffset
          // Broadcasts are trimmed by age as they are written; each reader trims its inbox itself.
          const trim = bus && offset !== undefined ? ['MINID', '~', Math.floor(Date.now() + offset - busAge(this.settings.lease))] : []
          return this.cmd.xadd(stream, ...trim, '*', ...fields, sequence, 'd', batch)
        },
      )
      this.outboxes.set(stream, outbox)
    }
    return outbox
  }
}
