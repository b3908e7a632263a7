import { execFile, spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CommError } from 'liteyuki-comm'
import { until } from '../../comm/test/helpers.js'
import { encodeBatch } from '../src/frames.js'
import { redisCluster } from '../src/index.js'
import { redisNodes } from './cluster.js'
import { bytes, Recorder } from 'liteyuki-comm/testing'
import { startRedis, type RedisServer } from './redis-server.mjs'

let server: RedisServer
let redis: Redis
beforeAll(async () => {
  server = await startRedis()
  redis = new Redis(server.url)
})
afterAll(async () => {
  redis?.disconnect()
  await server?.close()
})

async function withNodes<T>(work: (nodes: ReturnType<typeof redisNodes>) => Promise<T>): Promise<T> {
  const nodes = redisNodes(server.url)
  try {
    return await work(nodes)
  } finally {
    await nodes.close()
  }
}

describe('joining', () => {
  it('rejects a name a live node holds, with ERR_CLUSTER_NODE_TAKEN', () =>
    withNodes(async nodes => {
      await nodes.backend('a').join(new Recorder())
      const error = await nodes
        .backend('a')
        .join(new Recorder())
        .catch((error: unknown) => error)
      expect(error).toBeInstanceOf(CommError)
      expect(error).toMatchObject({ code: 'ERR_CLUSTER_NODE_TAKEN' })
      expect((error as Error).message).toContain("'a'")
    }))

  it('rejects with ERR_CLUSTER_UNAVAILABLE when Redis cannot be reached', async () => {
    const down = await startRedis()
    const { url } = down
    await down.close()
    const error = await redisCluster({ url, node: 'lonely', timeout: 300 })
      .join(new Recorder())
      .catch((error: unknown) => error)
    expect(error).toMatchObject({ code: 'ERR_CLUSTER_UNAVAILABLE' })
    expect((error as Error).message).toContain('join()')
    expect((error as Error).message).toContain(url)
  })
})

describe('describe() and members()', () => {
  it('rejects info that JSON cannot carry, naming the call', () =>
    withNodes(async nodes => {
      const a = nodes.backend('a')
      await a.join(new Recorder())
      expect(() => a.describe({ big: 1n })).toThrow(TypeError)
      expect(() => a.describe({ big: 1n })).toThrow('describe(): info must be JSON-serializable')
      a.describe({ ok: true })
      expect(await a.members()).toEqual([{ node: 'a', info: { ok: true } }])
    }))
})

describe('after leave()', () => {
  it('fails store calls at once, saying the node left', () =>
    withNodes(async nodes => {
      const a = nodes.backend('a')
      await a.join(new Recorder())
      await a.leave()
      const error = await a.store.get('k').catch((error: unknown) => error)
      expect(error).toMatchObject({ code: 'ERR_CLUSTER_UNAVAILABLE' })
      expect((error as Error).message).toContain("store.get('k') failed: this node has left the cluster")
      expect(() => a.send('a', bytes('x'))).not.toThrow()
      expect(() => a.broadcast(bytes('x'))).not.toThrow()
    }))
})

describe('departures', () => {
  it("deletes a dead node's inbox and its member entry", () =>
    withNodes(async nodes => {
      const a = new Recorder()
      await nodes.backend('a').join(a)
      await nodes.backend('b').join(new Recorder())
      await until(() => a.events.includes('joined b'), 30_000)
      await nodes.crash('b')
      // Frames for b that b will never read.
      await redis.xadd(`${nodes.namespace}:in:b`, '*', 't', 'f')
      await until(() => a.events.includes('died b'), 30_000)
      expect(await redis.exists(`${nodes.namespace}:in:b`)).toBe(0)
      expect(await redis.hkeys(`${nodes.namespace}:members`)).toEqual(['a'])
    }))

  it('lets the process exit after leave(), with its locks released and its goodbye seen', () =>
    withNodes(async nodes => {
      const watcher = new Recorder()
      await nodes.backend('watcher').join(watcher)
      const fixture = fileURLToPath(new URL('fixtures/join-and-leave.mjs', import.meta.url))
      const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>(resolve => {
        const child = execFile(process.execPath, [fixture, server.url, nodes.namespace], { timeout: 30_000 }, (_error, stdout) =>
          resolve({ stdout, code: child.exitCode }),
        )
      })
      expect(stdout).toBe('left\n')
      expect(code).toBe(0)
      await until(() => watcher.events.includes('left short-lived'), 30_000)
      expect(watcher.events).toEqual(['joined short-lived', 'left short-lived'])
      expect(watcher.frames).toEqual([{ from: 'short-lived', text: 'bye' }])
      expect(await redis.exists(`${nodes.namespace}:lock:held`)).toBe(0)
      expect(await redis.exists(`${nodes.namespace}:node:short-lived`)).toBe(0)
    }))

  it('reports a main killed with SIGKILL as died, and frees its locks after the lease', () =>
    withNodes(async nodes => {
      const watcher = new Recorder()
      const backend = nodes.backend('watcher')
      await backend.join(watcher)
      await backend.store.set('held', bytes('before'))
      const fixture = fileURLToPath(new URL('fixtures/hold-lock.mjs', import.meta.url))
      const child = spawn(process.execPath, [fixture, server.url, nodes.namespace], { stdio: ['ignore', 'pipe', 'inherit'] })
      try {
        await new Promise<void>(resolve => child.stdout.on('data', data => String(data).includes('holding') && resolve()))
        child.kill('SIGKILL')
        const { token, value } = await backend.store.lock('held')
        expect(new TextDecoder().decode(value)).toBe('before')
        expect(await backend.store.commit('held', token, true, bytes('after'))).toBe(true)
        await until(() => watcher.events.includes('died victim'), 30_000)
        expect(watcher.events).toEqual(['joined victim', 'died victim'])
      } finally {
        child.kill('SIGKILL')
      }
    }))
})

describe('frames', () => {
  it('carry frames of any size intact, in order', () =>
    withNodes(async nodes => {
      const a = nodes.backend('a')
      const seen = new Recorder()
      await a.join(seen)
      const received: Uint8Array[] = []
      await nodes.backend('b').join({ receive: (_from, frame) => void received.push(frame), joined() {}, left() {} })
      await until(() => seen.events.includes('joined b'), 30_000)
      const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251)
      const frames = [new Uint8Array(0), big, new Uint8Array([1, 2, 3]), big.subarray(7, 2_000_007), new Uint8Array(0)]
      for (const frame of frames) a.send('b', frame)
      await until(() => received.length === frames.length, 30_000)
      expect(received.map(frame => frame.byteLength)).toEqual(frames.map(frame => frame.byteLength))
      received.forEach((frame, i) => expect(Buffer.compare(frame, frames[i]!)).toBe(0))
    }))

  // Writes as a's outbox makes them, straight into b's inbox.
  async function inboxOfB(nodes: ReturnType<typeof redisNodes>) {
    const b = new Recorder()
    await nodes.backend('a').join(new Recorder())
    await nodes.backend('b').join(b)
    const incarnation = async (node: string) => (JSON.parse((await redis.hget(`${nodes.namespace}:members`, node))!) as { i: string }).i
    const [from, to] = [await incarnation('a'), await incarnation('b')]
    const write = (sequence: number, text: string, target = to) =>
      redis.xadd(`${nodes.namespace}:in:b`, '*', 't', 'f', 'n', 'a', 'i', from, 'to', target, 's', sequence, 'd', encodeBatch([bytes(text)]))
    return { b, write }
  }

  it('delivers a batch written twice, as after a reply lost to a reconnection, once', () =>
    withNodes(async nodes => {
      const { b, write } = await inboxOfB(nodes)
      await write(1, 'once')
      await write(1, 'once')
      await write(2, 'last')
      await until(() => b.frames.some(f => f.text === 'last'), 30_000)
      expect(b.frames).toEqual([
        { from: 'a', text: 'once' },
        { from: 'a', text: 'last' },
      ])
    }))

  it('drops a batch meant for an earlier node of the same name', () =>
    withNodes(async nodes => {
      const { b, write } = await inboxOfB(nodes)
      await write(1, 'stale', 'an earlier incarnation')
      await write(2, 'last')
      await until(() => b.frames.some(f => f.text === 'last'), 30_000)
      expect(b.frames).toEqual([{ from: 'a', text: 'last' }])
    }))
})

describe('redisCluster() options', () => {
  it.each([
    [{ url: 'http://x' }, "option 'url'"],
    [{ url: '' }, "option 'url'"],
    [{ namespace: 3 }, "option 'namespace'"],
    [{ node: '' }, "option 'node'"],
    [{ timeout: 0 }, "option 'timeout'"],
    [{ lease: Number.NaN }, "option 'lease'"],
    [{ redis: 'fast' }, "option 'redis'"],
    [{ redis: { keyPrefix: 'x:' } }, "option 'redis.keyPrefix'"],
    [{ leese: 5 }, "unknown option 'leese'"],
    ['redis://x', 'options must be an object'],
  ])('rejects %j naming the option', (options, message) => {
    expect(() => redisCluster(options as never)).toThrow(TypeError)
    expect(() => redisCluster(options as never)).toThrow(`redisCluster(): ${message}`)
  })

  it('fills in the defaults', () => {
    const cluster = redisCluster()
    expect(cluster.node).toBe(`${hostname()}-${process.pid}`)
  })
})
