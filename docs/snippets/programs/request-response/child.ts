import { getChannel, processName } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'

// #region child
const requests = getChannel<Request<number>>(`${processName}-active`)
const replies = getChannel<Reply<number>>(`${processName}-passive`)

async function answer({ id, payload }: Request<number>): Promise<void> {
  if (payload < 0) return replies.send({ id, ok: false, error: `cannot square ${payload}: negative` })
  // Big numbers take longer here, so replies come back in another order than the requests.
  await new Promise(resolve => setTimeout(resolve, payload > 10 ? 200 : 10))
  console.log(`answered request ${id}`)
  replies.send({ id, ok: true, result: payload * payload })
}

// Active mode: take each request as it comes and answer it without waiting for the one before.
for await (const request of requests) void answer(request)
// #endregion child
