import { unlinkSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { until } from '../../comm/test/helpers.js'
import { delivered, killAndAwaitAll } from './delivered.js'
import { logFile, mainsOnRedis, namespace, readLog } from './mains.js'

const cluster = mainsOnRedis()

type Mode = 'passive' | 'receive' | 'forawait'

/** Main a sends, b and c receive; a is killed mid-stream. Returns what the children logged. */
async function killSenderMidStream(modes: [Mode, Mode, Mode]) {
  const redis = await cluster.start({ persist: true })
  const log = logFile()
  const gate = `${log}.gate`
  writeFileSync(gate, '')
  const config = { url: redis.url, namespace: namespace(), log, maxQueue: 100_000 }
  const consumer = (name: string, mode: Mode) => ({ name, role: 'consumer' as const, mode, slow: 40, gate })
  const a = cluster.main('a', { ...config, children: [{ name: 'producer', role: 'producer' }] })
  const b = cluster.main('b', { ...config, children: [consumer('b-1', modes[0]), consumer('b-2', modes[1])] })
  const c = cluster.main('c', { ...config, children: [consumer('c-1', modes[2])] })
  await Promise.all([a.ready, b.ready, c.ready])
  await until(() => readLog(log).filter(e => e.event === 'ready').length === 3, 20_000)
  await a.heardOf(['b', 'c'])

  await a.call('produce', { child: 'producer', count: 1500, put: true })
  // The consumers wait at the gate until main a accepted far more than the other mains can hold
  // for it (256 each), so that when it is killed some of it surely still waits in its own queue,
  // for a survivor to take over, however fast or slow the machine puts and uses messages.
  await until(() => delivered(log).accepted.size >= 1000, 120_000)
  unlinkSync(gate)
  // Mid-stream: some messages used, most still to come.
  await until(() => delivered(log).got.length >= 30, 60_000)
  return killAndAwaitAll(a, log)
}

// Hang bounds for the produce, the takeover and the backlog after it, on a loaded machine.
describe("the main of a message's sender killed with SIGKILL mid-stream, Redis with appendonly yes", { timeout: 400_000 }, () => {
  it('loses no message it accepted, and a message used twice was flagged redelivered every time but one', async () => {
    // Passive handlers see the flag.
    const result = await killSenderMidStream(['passive', 'passive', 'passive'])
    expect(result.lost).toEqual([])
    expect(result.unflaggedTwice).toEqual([])
    // Another main took over the dead one's journal: its messages came flagged.
    expect(result.got.some(e => e.redelivered)).toBe(true)
    expect(result.inOrder).toBe(true)
  })

  it('loses no message it accepted, in every receive mode', async () => {
    const result = await killSenderMidStream(['passive', 'receive', 'forawait'])
    expect(result.lost).toEqual([])
    for (const name of ['b-1', 'b-2', 'c-1']) expect(result.got.some(e => e.name === name)).toBe(true)
  })

  it("loses no message whose child's put() resolved on an unbounded channel, its main killed while the child still puts", async () => {
    const redis = await cluster.start({ persist: true })
    const log = logFile()
    // No maxQueue: outside a cluster such a put() resolves at once; in one, only once its message is in Redis.
    const config = { url: redis.url, namespace: namespace(), log }
    const a = cluster.main('a', { ...config, children: [{ name: 'producer', role: 'producer' }] })
    const b = cluster.main('b', { ...config, children: [{ name: 'b-1', role: 'consumer', mode: 'passive' }] })
    await Promise.all([a.ready, b.ready])
    await until(() => readLog(log).filter(e => e.event === 'ready').length === 1, 20_000)
    await a.heardOf(['b'])
    await a.call('produce', { child: 'producer', count: 100_000, put: true })
    // Killed in full flow: the puts that resolved last are the ones at risk.
    await until(() => delivered(log).accepted.size >= 1000, 120_000)
    const result = await killAndAwaitAll(a, log)
    expect(result.lost).toEqual([])
    expect(result.unflaggedTwice).toEqual([])
  })
})
