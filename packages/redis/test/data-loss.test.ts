import { describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { delivered } from './delivered.js'
import { logFile, mainsOnRedis, namespace, readLog } from './mains.js'

const cluster = mainsOnRedis()

describe('Redis restarted without persistence mid-stream', () => {
  it('reports the loss once on each main, sends again what was handed over, and frees the places of what was lost in the bound', async () => {
    const redis = await cluster.start()
    const log = logFile()
    const config = { url: redis.url, namespace: namespace(), log, maxQueue: 40 }
    const a = cluster.main('a', { ...config, children: [{ name: 'producer', role: 'producer' }] })
    const b = cluster.main('b', { ...config, children: [{ name: 'consumer', role: 'consumer', mode: 'passive', slow: 5 }] })
    await Promise.all([a.ready, b.ready])
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 1, 20_000)
    await a.heardOf(['b'])

    // put() waits for room under maxQueue: a place that is never freed stops the producer for good.
    await a.call('produce', { child: 'producer', count: 400, put: true })
    await until(() => delivered(log).got.length >= 100, 30_000)
    await redis.kill()
    await redis.start()
    await until(
      () => delivered(log).accepted.size === 400 && delivered(log).lost.length === 0,
      40_000,
      () => `all 400 accepted and used; ${delivered(log).accepted.size} accepted, ${delivered(log).lost.length} missing`,
    )
    const result = delivered(log)
    expect(result.unflaggedTwice).toEqual([])
    // One line per main, saying what was lost and what was done about it.
    await until(() => b.output.includes('lost its data'), 20_000)
    for (const main of [a, b]) {
      const lines = main.output.split('\n').filter(line => line.includes('lost its data'))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/ERR_CLUSTER_DATA_LOST|CommError: Redis at redis:\/\/127\.0\.0\.1:\d+ lost its data/)
      // And once to the program, through the bot's error hook, with the same account.
      const reported = readLog(log).filter(e => e.event === 'error' && e.node === main.node)
      expect(reported).toEqual([
        expect.objectContaining({ code: 'ERR_CLUSTER_DATA_LOST', source: 'the cluster', message: expect.stringContaining('lost its data') }),
      ])
    }
  })
})
