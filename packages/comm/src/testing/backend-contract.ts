// What every ClusterBackend must do, as vitest tests that use nothing but the
// interface: each backend's own test file calls clusterBackendContract() with
// a factory of clusters of that backend.
import { afterEach, describe, expect, it } from 'vitest'
import type { ClusterBackend } from '../types.js'
import { until } from './until.js'
import { bytes, Recorder, str } from './recorder.js'

export interface ContractCluster {
  /** A backend for `node`, not joined yet, of this cluster. */
  backend(node: string): ClusterBackend
  /** The node stops heartbeating and reading, without leaving; its store calls still reach the backend. */
  crash(node: string): Promise<void>
  /** Disconnects every backend it made and frees the cluster. */
  close(): Promise<void>
}

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

export function clusterBackendContract(name: string, makeCluster: () => Promise<ContractCluster>): void {
  describe(`ClusterBackend contract: ${name}`, () => {
    let cluster: ContractCluster | undefined
    afterEach(async () => {
      await cluster?.close()
      cluster = undefined
    })

    /** A fresh cluster with these nodes joined, in order. */
    async function nodes(...names: string[]) {
      cluster = await makeCluster()
      const made: Record<string, { backend: ClusterBackend; peer: Recorder }> = {}
      for (const node of names) made[node] = await join(node)
      return made
    }
    async function join(node: string) {
      const backend = cluster!.backend(node)
      const peer = new Recorder()
      await backend.join(peer)
      return { backend, peer }
    }
    const waitFor = (what: string, condition: () => boolean | Promise<boolean>) => until(condition, 30_000, () => what)

    it('delivers frames to a node in the order each sender sent them, each once', async () => {
      const { a, b, c } = await nodes('a', 'b', 'c')
      await waitFor('c to know a and b', () => c!.peer.events.length === 0 && a!.peer.events.includes('joined c') && b!.peer.events.includes('joined c'))
      for (let i = 0; i < 600; i++) {
        a!.backend.send('c', bytes(`a${i}`))
        b!.backend.send('c', bytes(`b${i}`))
        // Some ticks carry one frame, some many.
        if (i % 7 === 0) await tick()
      }
      a!.backend.send('c', bytes('a end'))
      b!.backend.send('c', bytes('b end'))
      c!.backend.send('c', bytes('c self'))
      await waitFor('both end markers', () => c!.peer.frames.filter(f => f.text.endsWith('end')).length === 2)
      const expected = (sender: string) => [...Array.from({ length: 600 }, (_, i) => `${sender}${i}`), `${sender} end`]
      expect(c!.peer.from('a', 'a')).toEqual(expected('a'))
      expect(c!.peer.from('b', 'b')).toEqual(expected('b'))
      await waitFor('the frame c sent itself', () => c!.peer.from('c', 'c').length === 1)
      expect(a!.peer.frames).toEqual([])
      expect(b!.peer.frames).toEqual([])
    })

    it('delivers broadcasts to every node, the sender included, in one order', async () => {
      const all = Object.values(await nodes('a', 'b', 'c'))
      await waitFor('every node to know every other', () => all[0]!.peer.events.length === 2 && all[1]!.peer.events.length === 1)
      for (let i = 0; i < 100; i++) {
        all.forEach(({ backend }, n) => backend.broadcast(bytes(`${n}:${i}`)))
        if (i % 9 === 0) await tick()
      }
      await waitFor('300 broadcasts at every node', () => all.every(({ peer }) => peer.frames.length >= 300))
      const orders = all.map(({ peer }) => peer.frames.map(f => `${f.from}=${f.text}`))
      expect(orders[0]).toHaveLength(300)
      expect(orders[1]).toEqual(orders[0])
      expect(orders[2]).toEqual(orders[0])
      ;['a', 'b', 'c'].forEach((node, n) => {
        expect(all[0]!.peer.from(node, `${n}:`)).toEqual(Array.from({ length: 100 }, (_, i) => `${n}:${i}`))
      })
    })

    it("reports each later arrival once, and each departure once as 'left' or 'died'", async () => {
      const { a, b, c } = await nodes('a', 'b', 'c')
      await waitFor('a and b to see c', () => a!.peer.events.includes('joined c') && b!.peer.events.includes('joined c'))
      await b!.backend.leave()
      await waitFor('a and c to see b leave', () => a!.peer.events.includes('left b') && c!.peer.events.includes('left b'))
      await cluster!.crash('c')
      await waitFor('a to see c die', () => a!.peer.events.includes('died c'))
      // An arrival after the death: everything about c was reported before it.
      const d = await join('d')
      await waitFor('a to see d', () => a!.peer.events.includes('joined d'))
      expect(a!.peer.events).toEqual(['joined b', 'joined c', 'left b', 'died c', 'joined d'])
      expect(c!.peer.events).toEqual(['left b'])
      expect(d.peer.events).toEqual([])
    })

    it('drops frames to a node that left, even when a node of that name joins again', async () => {
      const { a, b } = await nodes('a', 'b')
      await waitFor('a to see b', () => a!.peer.events.includes('joined b'))
      a!.backend.send('b', bytes('before'))
      await waitFor('b to get the first frame', () => b!.peer.frames.length === 1)
      await b!.backend.leave()
      await waitFor('a to see b leave', () => a!.peer.events.includes('left b'))
      expect(() => a!.backend.send('b', bytes('while gone'))).not.toThrow()
      const again = await join('b')
      await waitFor('a to see b again', () => a!.peer.events.filter(e => e === 'joined b').length === 2)
      a!.backend.send('b', bytes('after'))
      await waitFor('the new b to get a frame', () => again.peer.frames.length > 0)
      expect(again.peer.frames).toEqual([{ from: 'a', text: 'after' }])
    })

    it('lists every live node with what it described', async () => {
      const { a, b } = await nodes('a', 'b')
      a!.backend.describe({ role: 'gateway', processes: ['x'] })
      b!.backend.describe({ role: 'worker' })
      const sorted = async (on: ClusterBackend) => (await on.members()).sort((x, y) => x.node.localeCompare(y.node))
      const expected = [
        { node: 'a', info: { role: 'gateway', processes: ['x'] } },
        { node: 'b', info: { role: 'worker' } },
      ]
      await waitFor('b to list both', async () => JSON.stringify(await sorted(b!.backend)) === JSON.stringify(expected))
      await waitFor('a to list both', async () => JSON.stringify(await sorted(a!.backend)) === JSON.stringify(expected))
      await b!.backend.leave()
      await waitFor('a to list itself only', async () => JSON.stringify(await sorted(a!.backend)) === JSON.stringify(expected.slice(0, 1)))
    })

    it('stores, reads, lists and deletes values', async () => {
      const { a, b } = await nodes('a', 'b')
      const store = a!.backend.store
      expect(await store.get('k')).toBeUndefined()
      await store.set('k', bytes('one'))
      await store.set('other', new Uint8Array([0, 255, 1]))
      // Any string is a key, separators and non-Latin letters included.
      await store.set('键 :*ключ', new Uint8Array(0))
      expect(str(await b!.backend.store.get('k'))).toBe('one')
      const entries = (await b!.backend.store.entries()).map(([key, value]) => [key, [...value]]).sort()
      expect(entries).toEqual([
        ['k', [...bytes('one')]],
        ['other', [0, 255, 1]],
        ['键 :*ключ', []],
      ])
      expect(await store.delete('键 :*ключ')).toBe(true)
      expect(await b!.backend.store.delete('k')).toBe(true)
      expect(await b!.backend.store.delete('k')).toBe(false)
      expect(await store.get('k')).toBeUndefined()
      await store.set('other', undefined)
      expect(await store.entries()).toEqual([])
    })

    it('makes lock and commit an atomic read-modify-write across nodes', async () => {
      const all = Object.values(await nodes('a', 'b', 'c'))
      const increment = async (backend: ClusterBackend) => {
        const { token, value } = await backend.store.lock('counter')
        const next = Number(str(value) ?? '0') + 1
        expect(await backend.store.commit('counter', token, true, bytes(String(next)))).toBe(true)
      }
      // Every node runs its increments concurrently too, so that locks of one node also exclude each other.
      await Promise.all(all.map(({ backend }) => Promise.all(Array.from({ length: 40 }, () => increment(backend)))))
      expect(str(await all[0]!.backend.store.get('counter'))).toBe('120')
    })

    it('makes get, set, delete, entries and lock wait while another node holds the lock', async () => {
      const { a, b } = await nodes('a', 'b')
      // Lets calls that must wait reach the backend before the lock is released.
      const settle = () => new Promise(resolve => setTimeout(resolve, 50))
      await a!.backend.store.set('k', bytes('old'))
      const first = await a!.backend.store.lock('k')
      expect(str(first.value)).toBe('old')
      const get = b!.backend.store.get('k').then(str)
      const entries = b!.backend.store.entries().then(list => list.map(([key, value]) => `${key}=${str(value)}`))
      const lock = b!.backend.store.lock('k')
      await settle()
      expect(await a!.backend.store.commit('k', first.token, true, bytes('new'))).toBe(true)
      expect(await get).toBe('new')
      expect(await entries).toEqual(['k=new'])
      const second = await lock
      expect(str(second.value)).toBe('new')
      const set = a!.backend.store.set('k', bytes('set by a'))
      await settle()
      expect(await b!.backend.store.commit('k', second.token, true, bytes('committed by b'))).toBe(true)
      await set
      expect(str(await b!.backend.store.get('k'))).toBe('set by a')
      const third = await b!.backend.store.lock('k')
      const removed = a!.backend.store.delete('k')
      await settle()
      expect(await b!.backend.store.commit('k', third.token, true, bytes('committed again'))).toBe(true)
      expect(await removed).toBe(true)
      expect(await a!.backend.store.get('k')).toBeUndefined()
    })

    it('withdraws a waiting lock request when its signal aborts', async () => {
      const { a, b, c } = await nodes('a', 'b', 'c')
      const held = await a!.backend.store.lock('k')
      const controller = new AbortController()
      const withdrawn = b!.backend.store.lock('k', controller.signal)
      const reason = new Error('gave up')
      controller.abort(reason)
      await expect(withdrawn).rejects.toBe(reason)
      const already = new AbortController()
      already.abort(reason)
      await expect(c!.backend.store.lock('k', already.signal)).rejects.toBe(reason)
      expect(await a!.backend.store.commit('k', held.token, true, bytes('a'))).toBe(true)
      // The withdrawn request holds nothing: the next one gets the lock.
      const next = await c!.backend.store.lock('k')
      expect(str(next.value)).toBe('a')
      expect(await c!.backend.store.commit('k', next.token, false, undefined)).toBe(true)
      expect(str(await b!.backend.store.get('k'))).toBe('a')
    })

    it("frees a crashed node's locks after the lease, and its late commit writes nothing", async () => {
      const { a, b } = await nodes('a', 'b')
      await a!.backend.store.set('k', bytes('before'))
      const held = await a!.backend.store.lock('k')
      await cluster!.crash('a')
      const next = await b!.backend.store.lock('k')
      expect(str(next.value)).toBe('before')
      expect(await a!.backend.store.commit('k', held.token, true, bytes('stale'))).toBe(false)
      expect(await b!.backend.store.commit('k', next.token, true, bytes('after'))).toBe(true)
      expect(str(await b!.backend.store.get('k'))).toBe('after')
    })

    /** Both survivors saw `dead` go, and each has had a reply from the backend since, so what either takes over has reached it. */
    async function afterDeparture(dead: string, how: 'left' | 'died', ...survivors: Array<{ backend: ClusterBackend; peer: Recorder }>) {
      await waitFor(`the others to see ${dead} ${how === 'left' ? 'leave' : 'die'}`, () =>
        survivors.every(({ peer }) => peer.events.includes(`${how} ${dead}`)),
      )
      for (const { backend } of survivors) await backend.store.get('after')
    }

    it("gives a dead node's journal to one survivor, after its death: what it kept and neither removed nor handed off", async () => {
      const { a, b, c } = await nodes('a', 'b', 'c')
      await waitFor('a to see b and c', () => a!.peer.events.includes('joined b') && a!.peer.events.includes('joined c'))
      const journal = a!.backend.journal
      journal?.keep('1', bytes('kept'))
      journal?.keep('2', bytes('removed'))
      journal?.keep('3', bytes('handed off'))
      journal?.keep('4', bytes('kept too'))
      journal?.keep('5', bytes('removed before it was written'))
      journal?.keep('6', bytes('handed off before it was written'))
      journal?.remove('5')
      journal?.handOff('c', bytes('frame of 6'), '6')
      await journal?.written()
      // Removed and handed off once they were written, as a main's messages mostly are.
      journal?.remove('2')
      journal?.handOff('b', bytes('frame of 3'), '3')
      await waitFor('b and c to get the handed-off frames', () => b!.peer.from('a', 'frame of 3').length === 1 && c!.peer.from('a', 'frame of 6').length === 1)
      await journal?.written()
      await cluster!.crash('a')
      await afterDeparture('a', 'died', b!, c!)
      // Without a journal, a node's queue dies with it: nobody inherits anything.
      if (!journal) return expect([...b!.peer.inherited, ...c!.peer.inherited]).toEqual([])
      await waitFor('a survivor to take over the journal', () => b!.peer.inherited.length + c!.peer.inherited.length > 0)
      const inherited = [...b!.peer.inherited, ...c!.peer.inherited]
      expect(inherited.map(({ node, entries }) => ({ node, entries: entries.sort() }))).toEqual([{ node: 'a', entries: ['kept', 'kept too'] }])
      const heir = b!.peer.inherited.length > 0 ? b! : c!
      expect(heir.peer.events.indexOf('inherit a')).toBeGreaterThan(heir.peer.events.indexOf('died a'))
    })

    it('gives nobody the journal of a node that left', async () => {
      const { a, b } = await nodes('a', 'b')
      await waitFor('a to see b', () => a!.peer.events.includes('joined b'))
      a!.backend.journal?.keep('1', bytes('kept'))
      await a!.backend.journal?.written()
      await a!.backend.leave()
      await afterDeparture('a', 'left', b!)
      expect(b!.peer.inherited).toEqual([])
    })
  })
}
