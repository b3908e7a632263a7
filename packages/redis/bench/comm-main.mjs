// One main of a benchmarked cluster: it joins, then on the runner's 'go'
// sends, receives (in the mode it was given) or updates, and reports when done.
import { Channel, getBot, setChannel, sharedMemory } from 'liteyuki-comm'
import { redisCluster } from 'liteyuki-comm-redis'

const { url, namespace, node, role, mode, count } = JSON.parse(process.argv[2])
const bot = getBot({ cluster: redisCluster({ url, namespace, node }) })
const channel = new Channel('bench')
setChannel('bench', channel)
await bot.start()

const done = () => process.send({ done: node })
const payload = n => ({ n, text: 'liteyuki-comm cluster benchmark payload, about one hundred bytes long...' })

if (role === 'receive') {
  let got = 0
  const take = () => {
    if (++got === count) done()
  }
  if (mode === 'passive') channel.onReceive(take)
  else if (mode === 'receive')
    void (async () => {
      for (let n = 0; n < count; n++) {
        await channel.receive()
        take()
      }
    })()
  else
    void (async () => {
      for await (const _ of channel) {
        take()
        if (got === count) break
      }
    })()
}

process.on('message', async message => {
  if (message === 'go') {
    if (role === 'send') for (let n = 0; n < count; n++) channel.send(payload(n))
    if (role === 'update') {
      for (let n = 0; n < count; n++) await sharedMemory.update('counter', value => (value ?? 0) + 1)
      done()
    }
  }
  if (message === 'stop') {
    await bot.stop()
    process.exit(0)
  }
})
process.send({ ready: node })
