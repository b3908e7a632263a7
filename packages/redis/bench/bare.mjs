// The same work with the bare Redis client, as a user would write it: a stream
// (XADD, XREAD) for messages, and a compare-and-set loop (WATCH, MULTI) for updates.
import Redis from 'ioredis'

const { url, key, node, role, count } = JSON.parse(process.argv[2])
const redis = new Redis(url, { enableAutoPipelining: true })
const done = () => process.send({ done: node })
const payload = n => ({ n, text: 'liteyuki-comm cluster benchmark payload, about one hundred bytes long...' })

if (role === 'receive') {
  const reader = new Redis(url)
  void (async () => {
    let got = 0
    let last = '0'
    while (got < count) {
      const answer = await reader.xread('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', `${key}:stream`, last)
      for (const [, entries] of answer ?? []) {
        for (const [id, fields] of entries) {
          JSON.parse(fields[1])
          last = id
          got++
        }
      }
    }
    done()
  })()
}

process.on('message', async message => {
  if (message === 'go') {
    if (role === 'send') for (let n = 0; n < count; n++) void redis.xadd(`${key}:stream`, '*', 'd', JSON.stringify(payload(n)))
    if (role === 'update') {
      for (let n = 0; n < count; n++) {
        for (;;) {
          await redis.watch(`${key}:counter`)
          const value = Number((await redis.get(`${key}:counter`)) ?? 0)
          if (
            await redis
              .multi()
              .set(`${key}:counter`, String(value + 1))
              .exec()
          )
            break
        }
      }
      done()
    }
  }
  if (message === 'stop') process.exit(0)
})
process.send({ ready: node })
