import { Channel, TimeoutError, getChannel, setChannel, sharedMemory } from 'liteyuki-comm'

interface Order { id: number; amount: number }

// #region redelivered
// A passive handler learns whether a message came before to an end that died
// while working on it: charge each order once, whatever happens to the worker.
getChannel<Order>('orders').onReceive(async (order, { redelivered }) => {
  if (redelivered && await sharedMemory.get(`charged:${order.id}`)) return
  await charge(order)
  await sharedMemory.set(`charged:${order.id}`, true)
})
// #endregion redelivered

// #region put
// In main: a bounded channel, and a producer that waits for room instead of failing.
const jobs = new Channel<number>('jobs', { maxQueue: 100 })
setChannel('jobs', jobs)
for (let job = 0; job < 10_000; job++) {
  try {
    await jobs.put(job, { timeout: 30_000 })
  } catch (error) {
    if (error instanceof TimeoutError) break // nobody took any for 30 s: give up
    throw error
  }
}
// #endregion put

// #region fair
// Strictly one job at a time per worker: each end takes a message only while its receive() waits.
setChannel('slow-jobs', new Channel<number>('slow-jobs', { prefetch: 0 }))
// #endregion fair

declare function charge(order: Order): Promise<void>
