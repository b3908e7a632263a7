import { CommError, getBot, sharedMemory, type SharedMemory } from 'liteyuki-comm'

interface Config { prefix: string; admins: number[] }

// #region set
await sharedMemory.set('config', { prefix: '/', admins: [10001] }) // 存入一份副本
await sharedMemory.set('draft', undefined) // 删除 'draft'
// #endregion set

// #region get
const config = await sharedMemory.get<Config>('config') // Config | undefined
const prefix = await sharedMemory.get('prefix', '/') // string：键不存在时为 '/'

config?.admins.push(10002) // 只改动副本，不影响存储的值
// #endregion get

// #region delete
const existed = await sharedMemory.delete('config') // 原来有值时为 true
// #endregion delete

// #region get-all
const snapshot = await sharedMemory.getAll() // { key: value, ... }，均为副本
console.log(Object.keys(snapshot))
// #endregion get-all

// #region update
// 跨进程原子操作：期间不会有针对 'visits' 的其他操作插进来。
const visits = await sharedMemory.update<number>('visits', count => (count ?? 0) + 1)

// 更新函数可以是异步的；在它完成之前，这个键一直处于锁定状态。
await sharedMemory.update<string[]>('queue', async (queue = []) => [...queue, await nextItem()])

// 返回 undefined 会删除这个键；抛出错误则保持原值不变，并拒绝返回的 Promise。
await sharedMemory.update<number>('countdown', n => (n === undefined || n <= 1 ? undefined : n - 1))

// 在更新函数内部，请使用它收到的值：对 'score' 本身调用 get、set、delete 或 update
// 返回的 Promise 会立即拒绝（CommError，错误码 'ERR_REENTRANT_UPDATE'）。
// 其他键则没有问题。
await sharedMemory.update<number>('score', async (score = 0) => score + (await sharedMemory.get<number>('bonus', 0)))
// #endregion update

// #region lease
// main.ts：任何进程中的一次更新最多可以占用它的键 30 秒（默认 10 秒）。
getBot({ updateLease: 30_000 })

// 租期一过，这次更新就会拒绝，键交给下一个等待者，
// 更新函数之后返回的值不会写入。
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
  await log(text) // 发布的消息按顺序、一次一条地到达这个订阅者
})
// 之后：unsubscribe()
// #endregion subscribe

// #region interface
// 只需要存储的代码可以把它作为参数接收。
async function loadConfig(store: SharedMemory): Promise<Config> {
  return store.get<Config>('config', { prefix: '/', admins: [] })
}
await loadConfig(sharedMemory)
// #endregion interface

declare function nextItem(): Promise<string>
declare function fetchSales(): Promise<number>
declare function log(text: string): Promise<void>
void prefix; void existed; void visits; void unsubscribe
