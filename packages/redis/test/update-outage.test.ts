import { describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { logFile, mainsOnRedis, namespace, readLog } from './mains.js'

const cluster = mainsOnRedis()

describe('update() across a Redis outage longer than the lease', () => {
  it('resolves only updates that were written: Redis down 3 s during 600 updates from two mains', async () => {
    const redis = await cluster.start({ persist: true })
    const log = logFile()
    const ns = namespace()
    const main = (node: string) =>
      cluster.main(node, {
        url: redis.url,
        namespace: ns,
        log,
        lease: 2000,
        timeout: 20_000,
        children: [{ name: `${node}-tally`, role: 'tally', count: 300 }],
      })
    const a = main('a')
    const b = main('b')
    await Promise.all([a.ready, b.ready])
    await until(() => readLog(log).filter(e => e.event === 'progress').length >= 2, 30_000)
    await redis.kill()
    // Three seconds without Redis: longer than the lease, so a lock taken before may be gone when it is back.
    await new Promise(resolve => setTimeout(resolve, 3000))
    await redis.start()
    await until(
      () => readLog(log).filter(e => e.event === 'counted').length === 2,
      50_000,
      () => `both tallies done; ${readLog(log).length} lines`,
    )
    const tallies = readLog(log).filter(e => e.event === 'counted')
    const resolved = tallies.reduce((sum, e) => sum + e.count!, 0)
    const failed = tallies.flatMap(e => e.failed!)
    // Every update that resolved is in the count, and none that rejected.
    expect(await a.call('get', { key: 'count' })).toBe(resolved)
    expect(resolved + failed.length).toBe(600)
    // A rejection says why, and that nothing was written.
    for (const message of failed) expect(message).toMatch(/^ERR_LOCK: .*nothing was written|^ERR_CLUSTER_UNAVAILABLE: /)
  })
})
