import type { Channel } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'

// #region requester
interface Waiter<R> {
  resolve(result: R): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * Sends requests on one channel and matches the replies on another by id, so
 * that any number of requests can be on their way at once and replies may
 * come back in any order.
 */
export function createRequester<P, R>(requests: Channel<Request<P>>, replies: Channel<Reply<R>>) {
  let lastId = 0
  const waiting = new Map<number, Waiter<R>>()

  replies.onReceive((reply) => {
    const waiter = waiting.get(reply.id)
    // The reply to a request that already timed out: nobody waits for it.
    if (!waiter) return
    waiting.delete(reply.id)
    clearTimeout(waiter.timer)
    if (reply.ok) waiter.resolve(reply.result)
    else waiter.reject(new Error(reply.error))
  })

  return function request(payload: P, { timeout = 5_000 } = {}): Promise<R> {
    const id = ++lastId
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id)
        reject(new Error(`request ${id} got no reply within ${timeout} ms`))
      }, timeout)
      waiting.set(id, { resolve, reject, timer })
      requests.send({ id, payload })
    })
  }
}
// #endregion requester
