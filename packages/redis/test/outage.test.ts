import { afterEach, describe, expect, it } from 'vitest'
import { CommError } from 'liteyuki-comm'
import { until } from '../../comm/test/helpers.js'
import { redisNodes } from './cluster.js'
import { bytes, Recorder } from 'liteyuki-comm/testing'
import { startRedis, type RedisServer } from './redis-server.mjs'

let server: RedisServer | undefined
let nodes: ReturnType<typeof redisNodes> | undefined
afterEach(async () => {
  await nodes?.close()
  await server?.close()
  nodes = server = undefined
})

async function cluster(persist: boolean, options: { timeout?: number } = {}) {
  server = await startRedis({ persist })
  nodes = redisNodes(server.url, options)
  const a = { backend: nodes.backend('a'), peer: new Recorder() }
  const b = { backend: nodes.backend('b'), peer: new Recorder() }
  await a.backend.join(a.peer)
  await b.backend.join(b.peer)
  await until(
    () => a.peer.events.includes('joined b'),
    30_000,
    () => 'a to see b',
  )
  return { a, b, server }
}

describe('Redis killed and restarted mid-stream', () => {
  it('delivers every frame sent before, during and after the outage once and in order, when Redis persists each write', async () => {
    const { a, b, server } = await cluster(true)
    const sent: string[] = []
    const send = (count: number) => {
      for (let i = 0; i < count; i++) {
        const text = `${sent.length}`
        sent.push(text)
        a.backend.send('b', bytes(text))
        a.backend.broadcast(bytes(`all ${text}`))
      }
    }
    send(300)
    await until(
      () => b.peer.frames.length > 100,
      30_000,
      () => 'frames before the outage',
    )
    await server.kill()
    send(300)
    await new Promise(resolve => setTimeout(resolve, 200))
    send(300)
    await server.start()
    send(300)
    a.backend.send('b', bytes('end'))
    const direct = () => b.peer.frames.filter(f => !f.text.startsWith('all ')).map(f => f.text)
    await until(
      () => direct().includes('end'),
      30_000,
      () => 'the last frame',
    )
    expect(direct()).toEqual([...sent, 'end'])
    const broadcasts = sent.map(text => `all ${text}`)
    await until(
      () => a.peer.frames.length >= broadcasts.length && b.peer.frames.length >= broadcasts.length + sent.length + 1,
      30_000,
      () => 'every broadcast',
    )
    expect(a.peer.frames.map(f => f.text)).toEqual(broadcasts)
    expect(b.peer.frames.filter(f => f.text.startsWith('all ')).map(f => f.text)).toEqual(broadcasts)
    // Keys that expired while Redis was away do not make live nodes dead.
    expect(a.peer.events).toEqual(['joined b'])
    expect(b.peer.events).toEqual([])
  })

  it('keeps live nodes alive when Redis comes back without their keys, and they announce themselves again', async () => {
    const { a, b, server } = await cluster(false)
    b.backend.describe({ name: 'b' })
    const described = async () => (await a.backend.members()).find(member => member.node === 'b')?.info
    await until(
      async () => (await described()) !== undefined,
      30_000,
      () => "b's description",
    )
    await server.kill()
    await server.start()
    // Everything was lost; b's heartbeat puts its entry back.
    await until(
      async () => JSON.stringify(await described()) === '{"name":"b"}',
      30_000,
      () => "b's description back",
    )
    // Longer than a lease plus its grace: a node taken for dead would be reported by now.
    await new Promise(resolve => setTimeout(resolve, 2500))
    a.backend.send('b', bytes('after'))
    await until(
      () => b.peer.frames.length === 1,
      30_000,
      () => 'a frame after the restart',
    )
    expect(b.peer.frames).toEqual([{ from: 'a', text: 'after' }])
    expect(a.peer.events).toEqual(['joined b'])
    expect(b.peer.events).toEqual([])
  })
})

describe('leaving while Redis is away', () => {
  it('finishes, and the others find the node dead once Redis is back', async () => {
    const { a, b, server } = await cluster(true, { timeout: 300 })
    await a.backend.store.lock('k')
    await server.kill()
    await a.backend.leave()
    await server.start()
    await until(
      () => b.peer.events.includes('died a'),
      30_000,
      () => 'b to find a dead',
    )
    expect(b.peer.events).toEqual(['died a'])
    const { token } = await b.backend.store.lock('k')
    expect(await b.backend.store.commit('k', token, false, undefined)).toBe(true)
  })
})

describe('store calls while Redis is away', () => {
  it('fail with ERR_CLUSTER_UNAVAILABLE, naming the call and the address, when Redis stays away past the timeout', async () => {
    const { a, server } = await cluster(true, { timeout: 300 })
    await server.kill()
    const error = await a.backend.store.get('k').then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(error).toBeInstanceOf(CommError)
    expect(error).toMatchObject({ code: 'ERR_CLUSTER_UNAVAILABLE' })
    expect((error as Error).message).toContain("store.get('k')")
    expect((error as Error).message).toContain(server.url)
    await expect(a.backend.store.lock('k')).rejects.toMatchObject({ code: 'ERR_CLUSTER_UNAVAILABLE' })
    await server.start()
    // Back once the client has reconnected (its retries back off up to 500 ms, beyond this test's 300 ms timeout).
    await until(() =>
      a.backend.store.set('k', bytes('back')).then(
        () => true,
        () => false,
      ),
    )
    expect(new TextDecoder().decode(await a.backend.store.get('k'))).toBe('back')
  })

  it('succeed once Redis is back within the timeout', async () => {
    const { a, b, server } = await cluster(true)
    await a.backend.store.set('n', bytes('1'))
    await server.kill()
    const set = a.backend.store.set('k', bytes('during'))
    const lock = b.backend.store.lock('n')
    await new Promise(resolve => setTimeout(resolve, 300))
    await server.start()
    await set
    const { token, value } = await lock
    expect(new TextDecoder().decode(value)).toBe('1')
    expect(await b.backend.store.commit('n', token, true, bytes('2'))).toBe(true)
    expect(new TextDecoder().decode(await b.backend.store.get('k'))).toBe('during')
    expect(new TextDecoder().decode(await a.backend.store.get('n'))).toBe('2')
  })
})
