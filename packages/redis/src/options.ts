import { hostname } from 'node:os'
import type { RedisOptions } from 'ioredis'

export interface RedisClusterOptions {
  /** The Redis server. Default `'redis://127.0.0.1:6379'`. */
  url?: string
  /** Prefix of every key, so that several clusters can share one Redis. Default `'liteyuki'`. */
  namespace?: string
  /** This main's name in the cluster. Default `` `${os.hostname()}-${process.pid}` ``. */
  node?: string
  /** Milliseconds a store call waits for an unreachable Redis before it fails. Default 5000. */
  timeout?: number
  /**
   * Milliseconds a main that stopped answering keeps its key locks, and
   * counts as alive without a heartbeat. Default 5000.
   */
  lease?: number
  /**
   * Redis Sentinels watching a primary and its replicas, instead of `url`:
   * each connection asks them for the primary, and after a failover follows
   * the replica they promote.
   */
  sentinels?: Array<{ host: string; port: number }>
  /** The name the Sentinels know the primary by (`sentinel monitor <name> …`). Default `'mymaster'`. */
  sentinelName?: string
  /** Passed to each ioredis connection, over this package's defaults. */
  redis?: RedisOptions
}

export interface Settings {
  url: string
  /** Where Redis is, as error messages name it. */
  address: string
  sentinels: Array<{ host: string; port: number }> | undefined
  sentinelName: string
  namespace: string
  node: string
  timeout: number
  lease: number
  redis: RedisOptions
}

const fail = (option: string, expected: string, value: unknown): never => {
  throw new TypeError(`redisCluster(): option '${option}' must be ${expected}, got ${typeof value === 'string' ? `'${value}'` : String(value)}.`)
}

const text = (options: Record<string, unknown>, option: string, fallback: string): string => {
  const value = options[option] ?? fallback
  if (typeof value !== 'string' || value === '') fail(option, 'a non-empty string', value)
  return value as string
}

const milliseconds = (options: Record<string, unknown>, option: string, fallback: number): number => {
  const value = options[option] ?? fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(option, 'a positive number of milliseconds', value)
  return value as number
}

export function parseOptions(options: unknown): Settings {
  if (options === undefined) options = {}
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`redisCluster(): options must be an object, got ${options === null ? 'null' : typeof options}.`)
  }
  const given = options as Record<string, unknown>
  const known = ['url', 'namespace', 'node', 'timeout', 'lease', 'sentinels', 'sentinelName', 'redis']
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) throw new TypeError(`redisCluster(): unknown option '${key}'. Known options: ${known.join(', ')}.`)
  }
  const url = text(given, 'url', 'redis://127.0.0.1:6379')
  if (!/^rediss?:\/\//.test(url)) fail('url', "a 'redis://' or 'rediss://' URL", url)
  const redis = given.redis ?? {}
  if (typeof redis !== 'object' || redis === null || Array.isArray(redis)) fail('redis', 'an object of ioredis options', redis)
  // Scripts build some key names themselves, which ioredis would not prefix.
  if ('keyPrefix' in (redis as object)) throw new TypeError("redisCluster(): option 'redis.keyPrefix' is not supported; use the 'namespace' option.")
  const sentinels = given.sentinels
  const isAddress = (value: unknown): boolean => {
    const { host, port } = (value ?? {}) as { host?: unknown; port?: unknown }
    return typeof host === 'string' && host !== '' && Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536
  }
  if (sentinels !== undefined && (!Array.isArray(sentinels) || sentinels.length === 0 || !sentinels.every(isAddress))) {
    fail('sentinels', 'a non-empty array of { host, port }', JSON.stringify(sentinels))
  }
  const sentinelName = text(given, 'sentinelName', 'mymaster')
  const list = sentinels as Settings['sentinels']
  return {
    url,
    address: list ? `Redis (primary '${sentinelName}' of the Sentinels at ${list.map(s => `${s.host}:${s.port}`).join(', ')})` : `Redis at ${url}`,
    sentinels: list,
    sentinelName,
    namespace: text(given, 'namespace', 'liteyuki'),
    node: text(given, 'node', `${hostname()}-${process.pid}`),
    timeout: milliseconds(given, 'timeout', 5000),
    lease: milliseconds(given, 'lease', 5000),
    redis: redis as RedisOptions,
  }
}

/** Every key this package uses, in one place so that the README's list stays true. */
export function keysFor(namespace: string) {
  return {
    /** Hash: node name → JSON of its incarnation and described info. */
    members: `${namespace}:members`,
    /** String holding the node's incarnation, expiring one lease after its last heartbeat. */
    node: (node: string) => `${namespace}:node:${node}`,
    /** Claim that one survivor announces a node's death, so that it is announced once. */
    dead: (node: string, incarnation: string) => `${namespace}:dead:${node}:${incarnation}`,
    /** Stream of frames to one node. */
    inbox: (node: string) => `${namespace}:in:${node}`,
    /** Hash: this incarnation's journal, entry id → a message it accepted and has not handed on or seen used. */
    journal: (node: string, incarnation: string) => `${namespace}:journal:${node}:${incarnation}`,
    /** String naming the data Redis holds, set by the first node that finds it missing: a new epoch means Redis lost its data. */
    epoch: `${namespace}:epoch`,
    /** Stream every node reads: broadcasts and membership changes, in one order. */
    bus: `${namespace}:bus`,
    /** Hash of the store's values. */
    store: `${namespace}:store`,
    /** String holding the token of the key's lock holder, expiring after a lease. */
    lock: (key: string) => `${namespace}:lock:${key}`,
    /** Hash: key → token of its last commit, so that a commit resent after a reconnection answers as the first did. */
    commits: `${namespace}:commits`,
    /** Set of keys that may be locked, so that `entries` can wait for them. */
    locks: `${namespace}:locks`,
    /** Pub/sub channel telling waiters that a key's lock was released. */
    unlock: `${namespace}:unlock`,
  }
}

export type Keys = ReturnType<typeof keysFor>
