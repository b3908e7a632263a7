import { sharedMemory } from 'liteyuki-comm/storage'

// #region seed
await sharedMemory.set('key', 'value') // set a value
const value = await sharedMemory.get('key') // get it
// #endregion seed

// #region basics
await sharedMemory.set('config', { prefix: '/', admins: [10001] })
const config = await sharedMemory.get<{ prefix: string }>('config')
const missing = await sharedMemory.get('nothing-here', 'a default') // 'a default'
const existed = await sharedMemory.delete('config') // true
const everything = await sharedMemory.getAll() // { key: 'value', ... }
await sharedMemory.set('key', undefined) // the same as delete('key')
// #endregion basics

// #region update
// Atomic across processes: no other call on 'visits' runs in between.
const visits = await sharedMemory.update<number>('visits', count => (count ?? 0) + 1)

// The updater may be async; the key stays locked until it returns.
await sharedMemory.update<string[]>('queue', async (queue = []) => [...queue, await nextItem()])
// #endregion update

declare function nextItem(): Promise<string>
void value; void config; void missing; void existed; void everything; void visits
