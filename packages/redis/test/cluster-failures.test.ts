import { writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { logFile, MainProcess, namespace, readLog } from './mains.js'
import { startRedis, type RedisServer } from './redis-server.mjs'

let redis: RedisServer | undefined
const running: MainProcess[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map(main => (main.process.exitCode === null ? main.stop() : undefined)))
  await redis?.close()
  redis = undefined
})

const ids = (log: string): Set<number> =>
  new Set(
    readLog(log)
      .filter(e => e.event === 'got')
      .map(e => e.n!),
  )

describe('a main killed with SIGKILL mid-stream', () => {
  it('loses nothing: what it had accepted and not used goes to the remaining holders, marked redelivered', async () => {
    redis = await startRedis()
    const log = logFile()
    const ns = namespace()
    const config = (children: any[]) => ({ url: redis!.url, namespace: ns, log, children })
    const a = new MainProcess('a', config([{ name: 'producer', role: 'producer' }]))
    // The doomed consumer waits at a gate that never opens: when main b dies, it holds what it took, begun or not.
    const gate = `${log}.gate`
    writeFileSync(gate, '')
    const b = new MainProcess('b', config([{ name: 'doomed', role: 'consumer', mode: 'passive', gate }]))
    const c = new MainProcess('c', config([{ name: 'heir', role: 'consumer', mode: 'passive', slow: 5 }]))
    running.push(a, b, c)
    await Promise.all(running.map(main => main.ready))
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 2, 20_000)
    await a.heardOf(['b', 'c'])

    await a.call('produce', { child: 'producer', count: 400, pause: 5 })
    // Every message is out, and the stream is well under way at the heir: main b has long taken its share.
    await until(() => readLog(log).some(e => e.event === 'sent') && readLog(log).filter(e => e.event === 'got' && e.name === 'heir').length >= 100, 20_000)
    b.process.kill('SIGKILL')
    await b.exited

    await until(
      () => ids(log).size === 400,
      40_000,
      () => `all 400 used; got ${ids(log).size}`,
    )
    const heir = readLog(log).filter(e => e.event === 'got' && e.name === 'heir')
    expect(heir.some(e => e.from === 'producer@a')).toBe(true)
    // The dead main had taken messages ahead; they came to the heir, flagged.
    expect(heir.filter(e => e.redelivered).length).toBeGreaterThan(0)
    // What the dead main's end had begun came again, flagged; nothing came more than twice.
    const counts = new Map<number, number>()
    for (const e of readLog(log).filter(e => e.event === 'got')) counts.set(e.n!, (counts.get(e.n!) ?? 0) + 1)
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2)
    const twice = [...counts].filter(([, n]) => n === 2).map(([id]) => id)
    for (const id of twice) expect(heir.find(e => e.n === id)?.redelivered).toBe(true)
  })
})

describe('Redis restarted mid-stream', () => {
  it('with appendfsync always, every message arrives, and a store call made while it is down succeeds once it is back', async () => {
    redis = await startRedis({ persist: true })
    const log = logFile()
    const ns = namespace()
    const config = (children: any[]) => ({ url: redis!.url, namespace: ns, log, children })
    const a = new MainProcess('a', config([{ name: 'producer', role: 'producer' }]))
    const b = new MainProcess('b', config([{ name: 'worker', role: 'consumer', mode: 'forawait', slow: 2 }]))
    running.push(a, b)
    await Promise.all(running.map(main => main.ready))
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 1, 20_000)
    await a.heardOf(['b'])

    await a.call('produce', { child: 'producer', count: 400, pause: 10 })
    await until(() => ids(log).size >= 100, 20_000)
    await redis.kill()
    const during = a.call('get', { key: 'missing' })
    await new Promise(resolve => setTimeout(resolve, 500))
    await redis.start()
    await expect(during).resolves.toBe(null)

    await until(
      () => ids(log).size === 400,
      40_000,
      () => `all 400 used; got ${ids(log).size}`,
    )
    expect([...ids(log)].sort((x, y) => x - y)).toEqual([...Array(400).keys()])
  })
})
