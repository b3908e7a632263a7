import { getChannel, processName } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'

// #region child
const requests = getChannel<Request<number>>(`${processName}-active`)
const replies = getChannel<Reply<number>>(`${processName}-passive`)

async function answer({ id, payload }: Request<number>): Promise<void> {
  if (payload < 0) return replies.send({ id, ok: false, error: `cannot square ${payload}: negative` })
  // 这里数越大算得越久，所以回复的顺序和请求的顺序不同。
  await new Promise(resolve => setTimeout(resolve, payload > 10 ? 200 : 10))
  console.log(`answered request ${id}`)
  replies.send({ id, ok: true, result: payload * payload })
}

// 主动模式：请求到一个取一个，不等上一个答完就开始回答。
for await (const request of requests) void answer(request)
// #endregion child
