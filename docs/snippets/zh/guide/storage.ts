import { sharedMemory } from 'liteyuki-comm/storage'

// #region seed
await sharedMemory.set('key', 'value') // 设置一个值
const value = await sharedMemory.get('key') // 读取它
// #endregion seed

// #region basics
await sharedMemory.set('config', { prefix: '/', admins: [10001] })
const config = await sharedMemory.get<{ prefix: string }>('config')
const missing = await sharedMemory.get('nothing-here', 'a default') // 'a default'
const existed = await sharedMemory.delete('config') // true
const everything = await sharedMemory.getAll() // { key: 'value', ... }
await sharedMemory.set('key', undefined) // 等同于 delete('key')
// #endregion basics

// #region update
// 跨进程原子操作：期间不会有针对 'visits' 的其他调用插进来。
const visits = await sharedMemory.update<number>('visits', count => (count ?? 0) + 1)

// 更新函数可以是异步的；在它返回之前，这个键一直处于锁定状态。
await sharedMemory.update<string[]>('queue', async (queue = []) => [...queue, await nextItem()])
// #endregion update

declare function nextItem(): Promise<string>
void value; void config; void missing; void existed; void everything; void visits
