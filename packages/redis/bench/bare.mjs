// The same work with the bare Redis client, as a user would write it: a stream
// for messages (XADD; read with XREADGROUP and XACK, at least once, as
// liteyuki-comm delivers; or with plain XREAD, which acknowledges nothing),
// and a compare-and-set loop (WATCH, MULTI) for updates.
import Redis from 'ioredis'

const { url, key, node, role, count, acknowledged } = JSON.parse(process.argv[2])
const redis = new Redis(url, { enableAutoPipelining: true })
const done = () => process.send({ done: node })
const payload = n => ({ n, text: 'liteyuki-comm cluster benchmark payload, about one hundred bytes long...' })
const stream = `${key}:stream`

if (role === 'receive') {
  const reader = new Redis(url)
  // A consumer group that starts at the stream's beginning, made before the sender may write.
  if (acknowledged) await reader.xgroup('CREATE', stream, 'workers', '0', 'MKSTREAM')
  const read = last =>
    acknowledged
      ? reader.xreadgroup('GROUP', 'workers', node, 'COUNT', 1000, 'BLOCK', 1000, 'STREAMS', stream, '>')
      : reader.xread('COUNT', 1000, 'BLOCK', 1000, 'STREAMS', stream, last)
  void (async () => {
    let got = 0
    let last = '0'
    while (got < count) {
      for (const [, entries] of (await read(last)) ?? []) {
        for (const [id, fields] of entries) {
          JSON.parse(fields[1])
          last = id
          got++
        }
        // Used: acknowledged in one call per batch read, pipelined with the next read's wait.
        if (acknowledged && entries.length > 0) void redis.xack(stream, 'workers', ...entries.map(([id]) => id))
      }
    }
    if (acknowledged) await redis.xpending(stream, 'workers')
    done()
  })()
}

process.on('message', async message => {
  if (message === 'go') {
    if (role === 'send') for (let n = 0; n < count; n++) void redis.xadd(stream, '*', 'd', JSON.stringify(payload(n)))
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
