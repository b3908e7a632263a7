import { Channel, TimeoutError, getChannel, setChannel, sharedMemory } from 'liteyuki-comm'

interface Order { id: number; amount: number }

// #region redelivered
// 被动模式的处理函数能知道：这条消息是否曾交给一个处理到一半就退出的端。
// 无论工作进程发生什么，每个订单都只扣一次款。
getChannel<Order>('orders').onReceive(async (order, { redelivered }) => {
  if (redelivered && await sharedMemory.get(`charged:${order.id}`)) return
  await charge(order)
  await sharedMemory.set(`charged:${order.id}`, true)
})
// #endregion redelivered

// #region put
// 在主进程中：一个有上限的通道，生产者等待空位，而不是失败。
const jobs = new Channel<number>('jobs', { maxQueue: 100 })
setChannel('jobs', jobs)
for (let job = 0; job < 10_000; job++) {
  try {
    await jobs.put(job, { timeout: 30_000 })
  } catch (error) {
    if (error instanceof TimeoutError) break // 30 秒内没人取走任何任务：放弃
    throw error
  }
}
// #endregion put

// #region fair
// 每个工作进程严格地一次只拿一个任务：只有在它的 receive() 等待时，端才取一条消息。
setChannel('slow-jobs', new Channel<number>('slow-jobs', { prefetch: 0 }))
// #endregion fair

declare function charge(order: Order): Promise<void>
