import { describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { delivered, killAndAwaitAll } from './delivered.js'
import { logFile, mainsOnRedis, namespace, readLog } from './mains.js'

const cluster = mainsOnRedis()

describe('the main of a receiver killed with SIGKILL mid-stream, then the main of the sender', () => {
  it('loses no accepted message: what the receiver held comes back to the sender, whose journal then keeps it for the last main', async () => {
    const redis = await cluster.start({ persist: true })
    const log = logFile()
    const config = { url: redis.url, namespace: namespace(), log, maxQueue: 100_000 }
    const a = cluster.main('a', { ...config, children: [{ name: 'producer', role: 'producer' }] })
    const b = cluster.main('b', { ...config, children: [{ name: 'doomed', role: 'consumer', mode: 'passive', slow: 20 }] })
    const c = cluster.main('c', { ...config, children: [{ name: 'heir', role: 'consumer', mode: 'passive', slow: 10 }] })
    await Promise.all([a.ready, b.ready, c.ready])
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 2, 20_000)
    await a.heardOf(['b', 'c'])

    await a.call('produce', { child: 'producer', count: 500, put: true })
    await until(() => delivered(log).got.filter(e => e.name === 'doomed').length >= 20, 30_000)
    b.process.kill('SIGKILL')
    await b.exited
    // The receiver's death is noticed: what it held went back to the sender's queue, flagged.
    await until(
      () => delivered(log).got.some(e => e.name === 'heir' && e.redelivered),
      30_000,
      () => 'a redelivery after the receiver died',
    )
    const result = await killAndAwaitAll(a, log)
    expect(result.lost).toEqual([])
    expect(result.unflaggedTwice).toEqual([])
    expect(result.inOrder).toBe(true)
  })
})
