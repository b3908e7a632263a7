import { CommError, getBot, sharedMemory, type SharedMemory } from 'liteyuki-comm'

interface Config { prefix: string; admins: number[] }

// #region set
await sharedMemory.set('config', { prefix: '/', admins: [10001] }) // stores a copy
await sharedMemory.set('draft', undefined) // deletes 'draft'
// #endregion set

// #region get
const config = await sharedMemory.get<Config>('config') // Config | undefined
const prefix = await sharedMemory.get('prefix', '/') // string: '/' when the key is absent

config?.admins.push(10002) // changes the copy only, not what is stored
// #endregion get

// #region delete
const existed = await sharedMemory.delete('config') // true if there was a value
// #endregion delete

// #region get-all
const snapshot = await sharedMemory.getAll() // { key: value, ... }, copies
console.log(Object.keys(snapshot))
// #endregion get-all

// #region update
// Atomic across processes: no other operation on 'visits' runs in between.
const visits = await sharedMemory.update<number>('visits', count => (count ?? 0) + 1)

// The updater may be async; the key stays locked until it settles.
await sharedMemory.update<string[]>('queue', async (queue = []) => [...queue, await nextItem()])

// Returning undefined deletes the key; throwing leaves it unchanged and rejects.
await sharedMemory.update<number>('countdown', n => (n === undefined || n <= 1 ? undefined : n - 1))

// Inside the updater, use the value it receives: a get, set, delete or update of
// 'score' itself would reject at once (CommError, code 'ERR_REENTRANT_UPDATE').
// Other keys are fine.
await sharedMemory.update<number>('score', async (score = 0) => score + (await sharedMemory.get<number>('bonus', 0)))
// #endregion update

// #region lease
// main.ts: an update may hold its key for 30 s, in any process (default 10 s).
getBot({ updateLease: 30_000 })

// Past its lease the update rejects, the key goes to the next waiter, and
// what the updater returns later is not written.
try {
  await sharedMemory.update<number>('daily-total', async (total = 0) => total + (await fetchSales()))
} catch (error) {
  if (!(error instanceof CommError && error.code === 'ERR_LOCK_EXPIRED')) throw error
  console.warn('fetchSales() took too long; daily-total is unchanged')
}
// #endregion lease

// #region publish
await sharedMemory.publish('announcements', { text: 'Liteyuki is up', at: Date.now() })
// #endregion publish

// #region subscribe
interface Announcement { text: string; at: number }

const unsubscribe = sharedMemory.onSubscriberReceive<Announcement>('announcements', async ({ text }) => {
  await log(text) // publications reach this subscriber one at a time, in order
})
// later: unsubscribe()
// #endregion subscribe

// #region interface
// Code that only needs the store can take it as a parameter.
async function loadConfig(store: SharedMemory): Promise<Config> {
  return store.get<Config>('config', { prefix: '/', admins: [] })
}
await loadConfig(sharedMemory)
// #endregion interface

declare function nextItem(): Promise<string>
declare function fetchSales(): Promise<number>
declare function log(text: string): Promise<void>
void prefix; void existed; void visits; void unsubscribe
