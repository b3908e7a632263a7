import type { Redis } from 'ioredis'
import { CommError, type ClusterMember } from 'liteyuki-comm'
import { available } from './connection.js'
import type { RunScript } from './lua.js'
import type { Keys, Settings } from './options.js'

const newEpoch = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`

export interface MembershipHandlers {
  /** Redis lost its data (restarted without persistence, or emptied) since the last heartbeat. */
  dataLost(): void
  joined(node: string): void
  left(node: string, incarnation: string, how: 'left' | 'died'): void
}

/**
 * Who is in the cluster. A node is live while its key, set with an expiry
 * of one lease, is refreshed by its heartbeat; arrivals and departures are
 * entries of the bus, so every node learns them once and in one order. A
 * node's key missing is not yet its death: a Redis restarted without
 * persistence lost every key, and each live node puts its own back at its
 * next heartbeat. Only a key missing for one more lease is announced.
 */
export class Membership {
  readonly incarnation = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
  /** Live nodes other than this one, with the incarnation each joined with. */
  readonly live = new Map<string, string>()
  /** When (on this machine's monotonic clock) each live node's key was first seen missing. */
  private missing = new Map<string, number>()
  private info: unknown = undefined
  private joined = false
  private beating = false
  private timer: NodeJS.Timeout | undefined
  /** The epoch of the data Redis held at the last heartbeat. */
  private epoch: string | undefined
  /** Redis' clock minus this machine's, from the last heartbeat. */
  serverOffset: number | undefined

  constructor(
    private readonly cmd: Redis,
    private readonly run: RunScript,
    private readonly settings: Settings,
    private readonly keys: Keys,
    private readonly handlers: MembershipHandlers,
  ) {}

  private entry(): string {
    return JSON.stringify({ i: this.incarnation, info: this.info })
  }

  /** Announces this node; resolves with the bus id from which every later change is on the bus. */
  async join(): Promise<string> {
    const { node, lease, namespace, url } = this.settings
    const k = this.keys
    const reply = (await available(this.cmd, this.settings, 'join()', () =>
      this.run('join', [k.node(node), k.members, k.bus, k.inbox(node), k.epoch], [node, this.incarnation, this.entry(), lease, newEpoch()]),
    )) as [0] | [1, string, string[], string]
    if (reply[0] === 0) {
      throw new CommError('ERR_CLUSTER_NODE_TAKEN', `join(): a live main is already named '${node}' in namespace '${namespace}' at ${url}.`)
    }
    this.epoch = reply[3]
    const members = reply[2]
    for (let i = 0; i + 1 < members.length; i += 2) {
      if (members[i] !== node) this.live.set(members[i]!, (JSON.parse(members[i + 1]!) as { i: string }).i)
    }
    this.joined = true
    this.timer = setInterval(() => void this.beat(), lease / 3)
    this.timer.unref()
    void this.beat()
    return reply[1]
  }

  isLive(node: string): boolean {
    return node === this.settings.node || this.live.has(node)
  }

  incarnationOf(node: string): string | undefined {
    return node === this.settings.node ? this.incarnation : this.live.get(node)
  }

  /** Whether frames from this incarnation are to be delivered. */
  accepts(node: string, incarnation: string): boolean {
    return node === this.settings.node ? incarnation === this.incarnation : this.live.get(node) === incarnation
  }

  describe(info: unknown): void {
    let entry: string
    try {
      entry = JSON.stringify({ i: this.incarnation, info })
    } catch (error) {
      throw new TypeError('describe(): info must be JSON-serializable.', { cause: error })
    }
    this.info = JSON.parse(entry).info
    if (this.joined) this.cmd.hset(this.keys.members, this.settings.node, entry).catch(() => {})
  }

  /**
   * The nodes this node knows as live, as its peer was told of them: a node
   * that joined but whose arrival is not read yet is not listed, since frames
   * sent to it now would be dropped.
   */
  async members(): Promise<ClusterMember[]> {
    const all = await available(this.cmd, this.settings, 'members()', () => this.cmd.hgetall(this.keys.members))
    const info = (node: string): unknown => (all[node] === undefined ? undefined : (JSON.parse(all[node]) as { info: unknown }).info)
    return [{ node: this.settings.node, info: this.info }, ...[...this.live.keys()].map(node => ({ node, info: info(node) }))]
  }

  /** A membership entry read from the bus. */
  onEvent(type: 'j' | 'l' | 'd', node: string, incarnation: string): void {
    if (node === this.settings.node) return
    const known = this.live.get(node)
    if (type === 'j') {
      if (known === incarnation) return
      // A new incarnation under a name whose death was not announced yet.
      if (known !== undefined) this.depart(node, known, 'died')
      this.live.set(node, incarnation)
      this.handlers.joined(node)
    } else if (known === incarnation) {
      this.depart(node, incarnation, type === 'l' ? 'left' : 'died')
    }
  }

  private depart(node: string, incarnation: string, how: 'left' | 'died'): void {
    this.live.delete(node)
    this.missing.delete(node)
    this.handlers.left(node, incarnation, how)
  }

  /** Refreshes this node's key and looks at everyone else's. */
  private async beat(): Promise<void> {
    // While Redis is away one heartbeat waits in the queue; more would pile up.
    if (this.beating || !this.joined) return
    this.beating = true
    const { node, lease } = this.settings
    const k = this.keys
    const watched = [...this.live.entries()]
    const sent = Date.now()
    try {
      const reply = (await this.run(
        'heartbeat',
        [k.node(node), k.members, k.epoch, ...watched.map(([name]) => k.node(name))],
        [node, this.incarnation, this.entry(), lease, newEpoch()],
      )) as [0] | [1, string, string, Array<string | null>, string]
      if (!this.joined || reply[0] === 0) return
      if (reply[4] !== this.epoch) {
        this.epoch = reply[4]
        this.handlers.dataLost()
      }
      this.serverOffset = Number(reply[1]) * 1000 + Number(reply[2]) / 1000 - (sent + Date.now()) / 2
      const now = performance.now()
      watched.forEach(([name, incarnation], index) => {
        // Departed while the heartbeat was under way.
        if (this.live.get(name) !== incarnation) return
        if (reply[3][index] === incarnation) return void this.missing.delete(name)
        const since = this.missing.get(name)
        if (since === undefined) return void this.missing.set(name, now)
        if (now - since < lease) return
        // Announced on the bus; this node learns of it there like every other.
        this.run('died', [k.node(name), k.members, k.inbox(name), k.dead(name, incarnation), k.bus], [name, incarnation, Math.max(60_000, 10 * lease)]).catch(
          () => {},
        )
      })
    } catch {
      // Redis refused the script; the next heartbeat tries again.
    } finally {
      this.beating = false
    }
  }

  /** Stops the heartbeat: as a frozen process would, or before leaving. */
  stop(): void {
    this.joined = false
    clearInterval(this.timer)
  }

  async leave(): Promise<void> {
    const { node } = this.settings
    const k = this.keys
    await available(this.cmd, this.settings, 'leave()', () =>
      this.run('leave', [k.node(node), k.members, k.inbox(node), k.bus, k.journal(node, this.incarnation)], [node, this.incarnation]),
    )
  }
}
