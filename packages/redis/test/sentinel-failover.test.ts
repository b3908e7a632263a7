import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { delivered } from './delivered.js'
import { logFile, mainsOnRedis, namespace, readLog } from './mains.js'
import { startRedis, startSentinels, type RedisServer, type Sentinels } from './redis-server.mjs'

const cluster = mainsOnRedis()
let replica: RedisServer | undefined
let sentinels: Sentinels | undefined
afterEach(async () => {
  await sentinels?.close()
  await replica?.close()
  sentinels = replica = undefined
})

describe('Redis Sentinel: the primary killed mid-stream', () => {
  it('carries on with the replica the Sentinels promote, and counts what was lost and how long the cluster waited', async () => {
    const primary = await cluster.start({ persist: true })
    replica = await startRedis({ persist: true, args: ['--replicaof', '127.0.0.1', String(primary.port)] })
    sentinels = await startSentinels(primary.port)
    const log = logFile()
    const config = { url: primary.url, namespace: namespace(), log, maxQueue: 100_000, sentinels: sentinels.addresses }
    const a = cluster.main('a', { ...config, children: [{ name: 'producer', role: 'producer' }] })
    const b = cluster.main('b', { ...config, children: [{ name: 'consumer', role: 'consumer', mode: 'passive', slow: 5 }] })
    await Promise.all([a.ready, b.ready])
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 1, 20_000)
    await a.heardOf(['b'])

    await a.call('produce', { child: 'producer', count: 600, put: true, pause: 50 })
    await until(() => delivered(log).accepted.size >= 100, 30_000)
    await primary.kill()
    await until(
      () => readLog(log).some(e => e.event === 'sent'),
      40_000,
      () => 'the producer to finish',
    )
    await until(() => delivered(log).lost.length === 0, 10_000).catch(() => {})
    const { accepted, lost, unflaggedTwice } = delivered(log)
    // How long the cluster waited: the longest time in which no put() was accepted, as the producer saw it.
    const times = readLog(log)
      .filter(e => e.event === 'accepted')
      .map(e => e.at!)
    const waited = Math.max(...times.map((at, i) => (i === 0 ? 0 : at - times[i - 1]!)))
    console.log(`Sentinel failover: ${lost.length} of ${accepted.size} accepted messages lost; the cluster waited ${waited} ms`)
    expect(accepted.size).toBe(600)
    expect(unflaggedTwice).toEqual([])
  })
})
