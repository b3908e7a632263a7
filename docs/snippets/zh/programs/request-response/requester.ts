import type { Channel } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'

// #region requester
interface Waiter<R> {
  resolve(result: R): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * 在一个通道上发送请求，在另一个通道上按 id 把回复对应回请求：
 * 同时在途的请求不限数量，回复也可以按任意顺序到达。
 */
export function createRequester<P, R>(requests: Channel<Request<P>>, replies: Channel<Reply<R>>) {
  let lastId = 0
  const waiting = new Map<number, Waiter<R>>()

  replies.onReceive((reply) => {
    const waiter = waiting.get(reply.id)
    // 已经超时的请求迟到的回复：没有人在等它了。
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
