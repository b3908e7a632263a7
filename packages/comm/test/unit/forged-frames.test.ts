import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_IN_FLIGHT } from '../../src/main/child-link.js'
import { addEnd, settle, withLease, world } from './harness.js'

describe('main checks every frame a child sends before it touches any state', () => {
  let errors: string[]
  beforeEach(() => {
    errors = []
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.join(' '))
    })
  })
  afterEach(() => vi.restoreAllMocks())

  it('drops malformed frames of every kind with one short line per kind, and nothing changes', async () => {
    const w = world()
    w.main.client.register('guarded', { maxQueue: 5 })
    const victim = w.child('victim')
    const forger = w.child('forger')
    const victimEnd = addEnd(victim.runtime, 'guarded')
    victimEnd.receiver.addHandler(value => {
      victimEnd.got.push(value)
      return undefined
    })
    await w.main.client.request({ op: 'set', key: 'k', v: 1 }, 'set')
    const forged: unknown[] = [
      null,
      42,
      'text',
      [],
      { t: 'nope' },
      { t: 'send', c: 42, d: 1 },
      { t: 'send', c: '', d: 1 },
      { t: 'send', c: 'guarded' },
      { t: 'send', c: 'x'.repeat(5000), d: 1 },
      { t: 'sends', c: 'guarded', d: 'not a list' },
      { t: 'sends', c: 42, d: [1, 2] },
      { t: 'sends', c: 'guarded' },
      { t: 'reg', c: 'guarded', o: { maxQueue: -1 } },
      { t: 'reg', c: 'guarded', o: { evil: true } },
      { t: 'listen', c: 'guarded', w: 0 },
      { t: 'listen', c: 'guarded', w: 1e9 },
      { t: 'listen', c: 'guarded', w: '5' },
      { t: 'ack', c: 'guarded', n: -1 },
      { t: 'ret', c: 'guarded', q: 'all', n: 0 },
      { t: 'req', id: 1, r: { op: 'set', key: { toString: 1 } } },
      { t: 'req', id: 0, r: { op: 'get', key: 'k' } },
      { t: 'req', id: 2, r: { op: 'drop-table' } },
      { t: 'req', id: 3, r: { op: 'commit', key: 'k', lock: 'x' } },
      { t: 'put', id: 'a', c: 'guarded', d: 1 },
      { t: 'cancel', id: 1 },
      { t: 'sub', topic: 7 },
    ]
    for (let round = 0; round < 1000 / forged.length; round++) {
      for (const frame of forged) forger.transport.send(frame as never)
    }
    await settle()
    expect(victimEnd.got).toEqual([])
    expect(await w.main.client.request({ op: 'getAll' }, 'getAll')).toEqual({ k: 1 })
    expect(w.main.hub.registry.get('guarded')).toEqual({ maxQueue: 5 })
    // One line per kind of malformed frame, not one per frame, and no stack traces.
    expect(errors.length).toBeLessThanOrEqual(new Set(forged.map(f => (f as { t?: unknown } | null)?.t)).size + 1)
    expect(errors.every(line => !line.includes('\n    at '))).toBe(true)
    expect(errors.join('\n')).toContain("process 'forger' sent a malformed 'send' frame: bad channel name; the frame was dropped")
  })

  it("takes the sender from the link, keeps main's bound, and lets no child commit another's lock", async () => {
    const w = world()
    w.main.client.register('bounded', { maxQueue: 1 })
    const a = w.child('a')
    const b = w.child('b')
    const mainEnd = addEnd(w.main, 'bounded')
    mainEnd.receiver.addHandler((value, info) => {
      mainEnd.got.push(value)
      mainEnd.infos.push(info)
      return undefined
    })
    // A child registering the channel again cannot change main's bound.
    a.runtime.client.register('bounded', { maxQueue: 1000 })
    a.transport.send({ t: 'send', c: 'bounded', d: 'hi', s: 'main' } as never)
    await settle()
    expect(w.main.hub.registry.get('bounded')).toEqual({ maxQueue: 1 })
    expect(mainEnd.infos.map(info => info.from)).toEqual(['a'])

    const lock = (await a.runtime.client.request({ op: 'lock', key: 'counter' }, 'lock')) as { lock: number }
    await expect(b.runtime.client.request({ op: 'commit', key: 'counter', lock: lock.lock, v: 666 }, 'commit')).rejects.toThrow('not held by this process')
    await a.runtime.client.request({ op: 'commit', key: 'counter', lock: lock.lock, v: 1 }, 'commit')
    expect(await w.main.client.request({ op: 'get', key: 'counter' }, 'get')).toBe(1)
  })

  it('bounds the channels a child may use without anyone registering them', async () => {
    const w = world()
    const child = w.child('hoarder')
    for (let i = 0; i < 1100; i++) child.transport.send({ t: 'hold', c: `junk-${i}` } as never)
    await settle()
    expect(errors.join('\n')).toContain('too many unregistered channels (1024)')
    expect(errors).toHaveLength(1)
  })

  it('bounds the calls a child may leave waiting in main: past the bound, each is refused at once', async () => {
    // A lease no loaded machine outlasts: the bound, not the lease, must refuse the extra calls.
    await withLease(600_000, async () => {
      const w = world()
      const forger = w.child('forger')
      const held = (await w.main.hub.request('main', { op: 'lock', key: 'k' })) as { lock: number }
      // Every lock request waits behind main's lock: without a bound they would pile up in main for ever.
      for (let id = 1; id <= MAX_IN_FLIGHT + 10; id++) forger.transport.send({ t: 'req', id, r: { op: 'lock', key: 'k' } })
      const refused: unknown[] = []
      forger.transport.onFrame(frame => {
        if (frame.t === 'err') refused.push(frame.e)
      })
      await settle()
      expect(refused).toHaveLength(10)
      expect(refused[0]).toMatchObject({ code: 'ERR_TOO_MANY_REQUESTS' })
      await w.main.hub.request('main', { op: 'commit', key: 'k', lock: held.lock, v: 1, abort: true })
    })
  })
})
