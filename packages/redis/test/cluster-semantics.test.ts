import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { node18, until } from '../../comm/test/helpers.js'
import { logFile, MainProcess, namespace, readLog, type ChildConfig, type LogEntry } from './mains.js'
import { startRedis, type RedisServer } from './redis-server.mjs'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await redis?.close()
})

async function cluster(
  layout: Record<string, ChildConfig[]>,
  execPath?: string,
): Promise<{ mains: Record<string, MainProcess>; log: string; stop(): Promise<void> }> {
  const log = logFile()
  const ns = namespace()
  const mains = Object.fromEntries(
    Object.entries(layout).map(([node, children]) => [node, new MainProcess(node, { url: redis.url, namespace: ns, log, children }, execPath)]),
  )
  await Promise.all(Object.values(mains).map(main => main.ready))
  return { mains, log, stop: () => Promise.all(Object.values(mains).map(main => main.stop())).then(() => {}) }
}

const got = (entries: LogEntry[]): LogEntry[] => entries.filter(e => e.event === 'got')

describe('one namespace across mains', () => {
  it('channels, pub/sub and listings reach every process of every main', async () => {
    const { mains, log, stop } = await cluster({
      a: [
        { name: 'producer', role: 'producer' },
        { name: 'a-worker', role: 'consumer', mode: 'receive' },
        { name: 'a-sub', role: 'subscriber' },
      ],
      b: [
        { name: 'b-worker-1', role: 'consumer', mode: 'forawait' },
        { name: 'b-worker-2', role: 'consumer', mode: 'passive' },
        { name: 'b-sub', role: 'subscriber' },
      ],
      c: [
        { name: 'c-worker', role: 'consumer', mode: 'receive' },
        { name: 'c-sub', role: 'subscriber' },
      ],
    })
    try {
      // Every child is up and every main has heard of every other's ends.
      await until(async () => (await mains.a!.call<unknown[]>('list')).filter((p: any) => p.state === 'running').length === 11, 20_000)
      await until(() => readLog(log).filter(e => e.event === 'ready').length === 7, 20_000)
      await mains.a!.heardOf(['b', 'c'])

      await mains.a!.call('produce', { child: 'producer', count: 600 })
      await until(
        () => got(readLog(log)).length >= 600,
        30_000,
        () => `600 messages; got ${got(readLog(log)).length}`,
      )
      const received = got(readLog(log))
      // Each once so far (a second copy is checked for once the cluster has stopped), and never to the process that sent it.
      expect(received.map(e => e.n).sort((x, y) => x! - y!)).toEqual([...Array(600).keys()])
      expect(received.some(e => e.name === 'producer')).toBe(false)
      // On every main, and in order per sender at each end.
      for (const node of ['a', 'b', 'c']) expect(received.some(e => e.node === node)).toBe(true)
      for (const name of new Set(received.map(e => e.name))) {
        const ns = received.filter(e => e.name === name).map(e => e.n!)
        expect(ns).toEqual([...ns].sort((x, y) => x - y))
      }
      // A sender on another main is named with its main.
      expect(new Set(received.filter(e => e.name === 'b-worker-2').map(e => e.from))).toEqual(new Set(['producer@a']))

      await mains.b!.call('publish', { topic: 'news', count: 30 })
      // Publications come in order: once each subscriber has the last one, it has all it will get.
      const subscribers = ['a-sub', 'b-sub', 'c-sub']
      await until(() => subscribers.every(name => readLog(log).some(e => e.event === 'news' && e.name === name && e.n === 29)), 20_000)
      const news = readLog(log).filter(e => e.event === 'news')
      for (const name of subscribers) expect(news.filter(e => e.name === name).map(e => e.n)).toEqual([...Array(30).keys()])

      const listed = await mains.c!.call<Array<{ node: string; name: string; state: string; pid: number }>>('list')
      expect(listed.map(p => `${p.node}/${p.name}`).sort()).toEqual(
        ['a/main', 'a/producer', 'a/a-worker', 'a/a-sub', 'b/main', 'b/b-worker-1', 'b/b-worker-2', 'b/b-sub', 'c/main', 'c/c-worker', 'c/c-sub'].sort(),
      )
      expect(listed.every(p => typeof p.pid === 'number')).toBe(true)

      // Stopped, every end has finished what it had: still each message once.
      await stop()
      expect(
        got(readLog(log))
          .map(e => e.n)
          .sort((x, y) => x! - y!),
      ).toEqual([...Array(600).keys()])
    } finally {
      await stop()
    }
  })

  it('update is atomic across mains: 3 mains x 2 children x 500 increments end at exactly 3000', async () => {
    const counters = (node: string): ChildConfig[] => [1, 2].map(i => ({ name: `${node}-counter-${i}`, role: 'counter' as const, count: 500 }))
    const { mains, log, stop } = await cluster({ a: counters('a'), b: counters('b'), c: counters('c') })
    try {
      await until(
        () => readLog(log).filter(e => e.event === 'counted').length === 6,
        50_000,
        () => `6 counters; ${readLog(log).length} done`,
      )
      expect(await mains.b!.call('get', { key: 'count' })).toBe(3000)
    } finally {
      await stop()
    }
  })
})

describe('on Node.js 18', () => {
  const node = node18()
  // CI installs the pinned Node.js 18 (tools/node18); elsewhere the test runs when it is installed.
  it.skipIf(node === undefined && !process.env.CI)('a producer and a consumer on two mains, and updates from both, work the same', async () => {
    expect(node, 'Node.js 18 from tools/node18').toBeDefined()
    const { mains, log, stop } = await cluster(
      {
        a: [
          { name: 'producer', role: 'producer' },
          { name: 'a-counter', role: 'counter', count: 100 },
        ],
        b: [
          { name: 'b-worker', role: 'consumer', mode: 'forawait' },
          { name: 'b-counter', role: 'counter', count: 100 },
        ],
      },
      node,
    )
    try {
      await until(() => readLog(log).filter(e => e.event === 'ready').length === 1, 20_000)
      await mains.a!.heardOf(['b'])
      await mains.a!.call('produce', { child: 'producer', count: 200 })
      await until(() => got(readLog(log)).length >= 200 && readLog(log).filter(e => e.event === 'counted').length === 2, 30_000)
      expect(got(readLog(log)).map(e => e.n)).toEqual([...Array(200).keys()])
      expect(await mains.b!.call('get', { key: 'count' })).toBe(200)
    } finally {
      await stop()
    }
  })
})
