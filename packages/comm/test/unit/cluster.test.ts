import { describe, expect, it, vi } from 'vitest'
import { ClusterLink } from '../../src/main/cluster-link.js'
import { INITIAL_WINDOW } from '../../src/delivery/receiver.js'
import type { OrderedRunner } from '../../src/delivery/ordered-runner.js'
import type { Runtime } from '../../src/runtime/runtime.js'
import { memoryCluster, type MemoryCluster } from '../../src/testing/memory-backend.js'
import { until } from '../../src/testing/until.js'
import { addEnd, settle, withLease, world, type TestChild, type TestEnd, type TestWorld } from './harness.js'

interface Node {
  w: TestWorld
  link: ClusterLink
}

async function join(cluster: MemoryCluster, name: string): Promise<Node> {
  const w = world()
  const link = new ClusterLink(w.main.hub, cluster.backend(name), w.main.serializer, () => ({ processes: [] }))
  await link.ready()
  return { w, link }
}

/** Mains a and b of a fresh cluster, and a child of main a that sends on `channel`. */
async function withProducer(channel: string): Promise<{ cluster: MemoryCluster; a: Node; b: Node; producer: TestChild }> {
  const cluster = memoryCluster()
  const a = await join(cluster, 'a')
  const b = await join(cluster, 'b')
  const producer = a.w.child('producer')
  addEnd(producer.runtime, channel)
  return { cluster, a, b, producer }
}

function collect(end: TestEnd, finish: (value: unknown) => unknown = () => undefined): void {
  end.receiver.addHandler((value, info) => {
    end.got.push(value)
    end.infos.push(info)
    return finish(value) as undefined
  })
}

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i)
const isIncreasing = (values: unknown[]): boolean => values.every((v, i) => i === 0 || (v as number) > (values[i - 1] as number))

describe('channels across mains', () => {
  it('gives each message to exactly one holder other than its sender, on any main, in order per sender', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const producer = a.w.child('producer')
    const worker = b.w.child('worker')
    const onA = addEnd(a.w.main, 'jobs')
    const onB = addEnd(worker.runtime, 'jobs')
    const producerEnd = addEnd(producer.runtime, 'jobs')
    collect(onA)
    collect(onB)
    collect(producerEnd)
    await settle()
    for (const n of range(200)) producer.runtime.client.send('jobs', n, 0)
    await settle(30)

    expect([...onA.got, ...onB.got].sort((x, y) => (x as number) - (y as number))).toEqual(range(200))
    expect(producerEnd.got).toEqual([])
    expect(onB.got.length).toBeGreaterThan(0)
    expect(onA.got.length).toBeGreaterThan(0)
    expect(isIncreasing(onA.got) && isIncreasing(onB.got)).toBe(true)
    expect(new Set(onB.infos.map(i => i.from))).toEqual(new Set(['producer@a']))
    expect(onB.infos.every(i => !i.redelivered)).toBe(true)
    await cluster.close()
  })

  it('never echoes: a message from another main is never sent on to a third main', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const c = await join(cluster, 'c')
    const sender = a.w.child('sender')
    addEnd(sender.runtime, 'pipe')
    const onB = addEnd(b.w.main, 'pipe', 4)
    const onC = addEnd(c.w.main, 'pipe', 4)
    // B's end never finishes: what B took must stay with B, not travel on to C.
    collect(onB, () => new Promise(() => {}))
    collect(onC)
    await settle()
    for (const n of range(40)) sender.runtime.client.send('pipe', n, 0)
    await settle(30)
    const all = [...onB.got, ...onC.got]
    expect(new Set(all).size).toBe(all.length)
    expect(onC.infos.every(i => i.from === 'sender@a')).toBe(true)
    await cluster.close()
  })

  it('a reply crosses back: the channel is full duplex between mains', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const asker = a.w.child('asker')
    const answerer = b.w.child('answerer')
    const askerEnd = addEnd(asker.runtime, 'rpc')
    const answererEnd = addEnd(answerer.runtime, 'rpc')
    collect(askerEnd)
    collect(answererEnd, value => answerer.runtime.client.send('rpc', { answer: (value as number) * 2 }, 0))
    await settle()
    for (const n of range(10)) asker.runtime.client.send('rpc', n, 0)
    await settle(30)
    expect(answererEnd.got).toEqual(range(10))
    expect(askerEnd.got).toEqual(range(10).map(n => ({ answer: n * 2 })))
    expect(askerEnd.infos.every(i => i.from === 'answerer@b')).toBe(true)
    await cluster.close()
  })
})

describe('a main that dies', () => {
  it('gives back everything it had not used: the remaining holders get it, in order, marked redelivered', async () => {
    const { cluster, a, b, producer } = await withProducer('work')
    const doomed = addEnd(b.w.main, 'work', 8)
    collect(doomed, () => new Promise(() => {}))
    await settle()
    for (const n of range(20)) producer.runtime.client.send('work', n, 0)
    await settle(30)
    expect(doomed.got).toEqual([0])

    await cluster.crash('b')
    await settle()
    const heir = addEnd(a.w.main, 'work')
    collect(heir)
    producer.runtime.client.send('work', 20, 0)
    await settle(30)
    expect(heir.got).toEqual(range(21))
    // Main b took as many as its end's first window, which has not grown since it used nothing; the others never left main a and are not flagged.
    expect(heir.infos.map(i => i.redelivered)).toEqual([...range(INITIAL_WINDOW).map(() => true), ...range(21 - INITIAL_WINDOW).map(() => false)])
    await cluster.close()
  })

  it('gives back what it holds when its last end leaves for good, and those messages reach holders elsewhere', async () => {
    const { cluster, a, b, producer } = await withProducer('work')
    const leaver = b.w.child('leaver')
    const leaving = addEnd(leaver.runtime, 'work', 2)
    collect(leaving, () => new Promise(() => {}))
    await settle()
    for (const n of range(10)) producer.runtime.client.send('work', n, 0)
    await settle(30)
    expect(leaving.got).toEqual([0])

    b.w.kill(leaver, 'gone')
    await settle(30)
    const heir = addEnd(a.w.main, 'work')
    collect(heir)
    await settle(30)
    expect(heir.got).toEqual(range(10))
    // 0 and 1 had reached the leaver's end; the others never left main b.
    expect(heir.infos.filter(i => i.redelivered).length).toBe(2)
    await cluster.close()
  })
})

describe('what a dead main had accepted: its journal', () => {
  it('reaches a holder on another main, in order, flagged redelivered', async () => {
    const { cluster, b, producer } = await withProducer('jobs')
    await settle()
    // No holder but the sender: main a accepts them and keeps them waiting.
    for (const n of range(30)) producer.runtime.client.send('jobs', n, 0)
    await settle(30)

    await cluster.crash('a')
    await settle()
    const heir = addEnd(b.w.main, 'jobs')
    collect(heir)
    await settle(30)
    expect(heir.got).toEqual(range(30))
    expect(heir.infos.every(i => i.redelivered && i.from === 'producer@a')).toBe(true)
    await cluster.close()
  })

  it('leaves out what was used on the dead main and what it had handed to another: nothing arrives twice', async () => {
    const { cluster, a, b, producer } = await withProducer('jobs')
    const onA = addEnd(a.w.main, 'jobs', 4)
    const onB = addEnd(b.w.main, 'jobs', 4)
    collect(onA)
    collect(onB)
    await settle()
    for (const n of range(40)) producer.runtime.client.send('jobs', n, 0)
    await settle(30)
    expect(onA.got.length).toBeGreaterThan(0)
    expect(onB.got.length).toBeGreaterThan(0)

    // Main b still holds the channel: whatever it inherited would reach its end.
    await cluster.crash('a')
    await settle(30)
    expect([...onA.got, ...onB.got].sort((x, y) => (x as number) - (y as number))).toEqual(range(40))
    expect(onB.infos.some(i => i.redelivered)).toBe(false)
    await cluster.close()
  })
})

function subscribe(runtime: Runtime, topic: string, got: unknown[]): void {
  const runner = { push: (value: unknown) => got.push(value) } as unknown as OrderedRunner<unknown>
  runtime.subscribers.set(topic, new Set([runner]))
  runtime.client.subscribe(topic)
}

describe('publish/subscribe across mains', () => {
  it('reaches every subscriber on every main exactly once, in one order', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const c = await join(cluster, 'c')
    const publisher = a.w.child('publisher')
    const listeners = [a.w.main, b.w.main, b.w.child('sub').runtime, c.w.child('sub').runtime]
    const got = listeners.map(runtime => {
      const values: unknown[] = []
      subscribe(runtime, 'news', values)
      return values
    })
    await settle()
    for (const n of range(25)) publisher.runtime.client.request({ op: 'publish', topic: 'news', d: n }, 'publish()')
    await settle(30)
    for (const values of got) expect(values).toEqual(range(25))
    await cluster.close()
  })
})

describe('shared memory across mains', () => {
  it('update is atomic: 3 mains x 2 processes x 50 increments end at 300', async () => {
    const cluster = memoryCluster()
    const nodes = await Promise.all(['a', 'b', 'c'].map(name => join(cluster, name)))
    const increment = async (node: Node, process: string): Promise<void> => {
      const hub = node.w.main.hub
      for (let i = 0; i < 50; i++) {
        const { lock, v } = (await hub.request(process, { op: 'lock', key: 'count' })) as { lock: number; v?: number }
        await hub.request(process, { op: 'commit', key: 'count', lock, v: (v ?? 0) + 1 })
      }
    }
    await Promise.all(nodes.flatMap(node => ['x', 'y'].map(process => increment(node, process))))
    expect(await nodes[1]!.w.main.hub.request('main', { op: 'get', key: 'count' })).toBe(300)
    expect(await nodes[2]!.w.main.hub.request('main', { op: 'getAll' })).toEqual({ count: 300 })
    await cluster.close()
  })

  it('a dead main loses its lock after the lease; its late commit writes nothing', async () => {
    const cluster = memoryCluster({ lease: 20 })
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const held = (await a.w.main.hub.request('x', { op: 'lock', key: 'k' })) as { lock: number }
    await cluster.crash('a')
    expect(await b.w.main.hub.request('main', { op: 'get', key: 'k' })).toBeUndefined()
    await b.w.main.hub.request('main', { op: 'set', key: 'k', v: 'b' })
    await expect(a.w.main.hub.request('x', { op: 'commit', key: 'k', lock: held.lock, v: 'late' })).rejects.toMatchObject({ code: 'ERR_LOCK' })
    expect(await b.w.main.hub.request('main', { op: 'get', key: 'k' })).toBe('b')
    await cluster.close()
  })
})

describe('registrations and listings', () => {
  it('a channel registered on one main is known on every main, to its children too', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const child = b.w.child('child')
    a.w.main.hub.register('main', 'orders', { maxQueue: 5 })
    await settle()
    expect(b.w.main.hub.registry.get('orders')).toEqual({ maxQueue: 5 })
    expect(child.runtime.known.get('orders')).toEqual({ maxQueue: 5 })
    // A main that joins later learns it too.
    const c = await join(cluster, 'c')
    await settle()
    expect(c.w.main.hub.registry.get('orders')).toEqual({ maxQueue: 5 })
    expect((await c.link.members()).map(m => m.node).sort()).toEqual(['a', 'b', 'c'])
    await cluster.close()
  })
})

describe('frames from other mains are checked', () => {
  it('drops malformed frames with one line, and the channel goes on', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const forger = cluster.backend('forger')
    await forger.join({ receive: () => {}, joined: () => {}, left: () => {} })
    const sink = addEnd(b.w.main, 'jobs')
    collect(sink)
    const producer = a.w.child('producer')
    addEnd(producer.runtime, 'jobs')
    await settle()

    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    const began = performance.now()
    try {
      const encoder = new TextEncoder()
      const forged = [
        'not json',
        '42',
        '{"t":"msg","c":"jobs","q":-1,"f":"x","d":1}',
        '{"t":"msg","c":"","q":1,"f":"x","d":1}',
        '{"t":"ack","c":"jobs","q":["1"]}',
        '{"t":"hold","c":"jobs","w":1.5}',
        '{"t":"state","reg":[["x",{"maxQueue":-1}]],"hold":[]}',
        '{"t":"reg","c":"jobs","o":{"maxQueue":"0"},"m":true}',
        '{"t":"nope"}',
      ]
      for (let i = 0; i < 100; i++) for (const text of forged) forger.send('b', encoder.encode(text))
      for (const n of range(20)) producer.runtime.client.send('jobs', n, 0)
      // The good messages arrive however slow the machine; the forged frames came before them on the same path.
      await until(() => sink.got.length === 20)
      // One line a second at most: a loaded machine may take more than a second over 900 frames.
      expect(printed.mock.calls.length).toBeGreaterThanOrEqual(1)
      expect(printed.mock.calls.length).toBeLessThanOrEqual(Math.ceil((performance.now() - began) / 1000))
      expect(String(printed.mock.calls[0]![0])).toMatch(/main 'forger' in the cluster: .*malformed frame/)
    } finally {
      printed.mockRestore()
    }
    expect(sink.got).toEqual(range(20))
    expect(b.w.main.hub.registry.has('x')).toBe(false)
    expect(b.w.main.hub.registry.get('jobs')).toBeUndefined()
    await cluster.close()
  })
})

describe('a main taken for dead that was only away', () => {
  it('meets the others again at its next frame, and messages flow both ways again', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    const onA = addEnd(a.w.main, 'duplex')
    const onB = addEnd(b.w.main, 'duplex')
    collect(onA)
    collect(onB)
    await settle()
    // As if main b had been away longer than the lease: main a forgets it.
    a.link.left('b')
    b.w.main.client.send('duplex', 'from b', 0)
    await settle(30)
    expect(onA.got).toEqual(['from b'])
    a.w.main.client.send('duplex', 'from a', 0)
    await settle(30)
    expect(onB.got).toEqual(['from a'])
    await cluster.close()
  })
})

describe('the lease of a key lock in a cluster', () => {
  it('gives the key to the next main when an update holds it too long, and refuses the late commit', async () => {
    const cluster = memoryCluster()
    const a = await join(cluster, 'a')
    const b = await join(cluster, 'b')
    await withLease(30, async () => {
      const slow = (await a.w.main.hub.request('slow', { op: 'lock', key: 'k' })) as { lock: number; lease?: number }
      expect(slow.lease).toBe(30)
      // Main b waits for the key, and gets it once main a's lease ran out.
      const next = (await b.w.main.hub.request('quick', { op: 'lock', key: 'k' })) as { lock: number }
      await b.w.main.hub.request('quick', { op: 'commit', key: 'k', lock: next.lock, v: 'quick' })
      await expect(a.w.main.hub.request('slow', { op: 'commit', key: 'k', lock: slow.lock, v: 'late' })).rejects.toMatchObject({ code: 'ERR_LOCK_EXPIRED' })
      expect(await a.w.main.hub.request('main', { op: 'get', key: 'k' })).toBe('quick')
    })
    await cluster.close()
  })
})
