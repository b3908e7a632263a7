import { Redis, type RedisOptions } from 'ioredis'
import { CommError } from 'liteyuki-comm'
import type { Settings } from './options.js'

/**
 * One connection to Redis. Commands issued while it is down wait in ioredis'
 * queue and are sent on reconnection (`maxRetriesPerRequest: null`): the
 * carrier never loses what it was given; the store bounds its own waits.
 */
export function connect(settings: Settings, role: string, pipelined: boolean): Redis {
  const options: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: null,
    enableAutoPipelining: pipelined,
    // Shown by CLIENT LIST; Redis refuses names with spaces.
    connectionName: `${settings.namespace}:${settings.node}:${role}`.replace(/[^\x21-\x7e]/g, '_'),
    // Reconnect quickly: a restarted Redis should be used again within a heartbeat.
    retryStrategy: times => Math.min(times * 50, 500),
    ...(settings.sentinels
      ? { sentinels: settings.sentinels, name: settings.sentinelName, sentinelRetryStrategy: (times: number) => Math.min(times * 50, 500) }
      : {}),
    ...settings.redis,
  }
  const redis = settings.sentinels ? new Redis(options) : new Redis(settings.url, options)
  // Errors show as unavailability of the calls that need Redis; without a
  // listener ioredis would print every failed reconnection attempt.
  redis.on('error', () => {})
  return redis
}

/** `sent`: the command had gone out, so it may still take effect once Redis is back; the message must say so. */
export function unavailable(call: string, settings: Settings, sent = false): CommError {
  return new CommError(
    'ERR_CLUSTER_UNAVAILABLE',
    `${call} failed: ${settings.address} did not answer within ${settings.timeout} ms${sent ? '; it had been sent, so it may still take effect when Redis is back' : ''}.`,
  )
}

/**
 * Runs one Redis round trip for `call`, failing with ERR_CLUSTER_UNAVAILABLE
 * when Redis stays unreachable past the timeout. The command is issued only
 * once the connection is ready, so a call that failed while Redis was down
 * was never sent; one cut off in flight may still apply when Redis returns.
 */
export async function available<T>(redis: Redis, settings: Settings, call: string, command: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onReady: (() => void) | undefined
  let sent = false
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(call, settings, sent)), settings.timeout)
  })
  try {
    if (closed.has(redis)) throw new CommError('ERR_CLUSTER_UNAVAILABLE', `${call} failed: this node has left the cluster at ${settings.address}.`)
    if (redis.status !== 'ready') {
      if (redis.status === 'wait') redis.connect().catch(() => {})
      await Promise.race([new Promise<void>(resolve => redis.once('ready', (onReady = resolve))), expired])
    }
    sent = true
    return await Promise.race([command(), expired])
  } finally {
    clearTimeout(timer)
    if (onReady) redis.off('ready', onReady)
  }
}

/** Connections closed on purpose, whose calls fail at once instead of waiting for a reconnection. */
const closed = new WeakSet<Redis>()

/** Closes a connection without waiting for a Redis that may be away. */
export async function close(redis: Redis): Promise<void> {
  closed.add(redis)
  if (redis.status === 'ready') {
    await Promise.race([redis.quit().catch(() => {}), new Promise(resolve => setTimeout(resolve, 1000).unref())])
  }
  redis.disconnect()
}
