import { hostname } from 'node:os'
import { Channel, getBot, getChannel, setChannel, sharedMemory, type CommError } from 'liteyuki-comm'
import { redisCluster } from 'liteyuki-comm-redis'

interface Job { id: number; text: string }

// #region main
// main.ts, the same file on every machine.
const node = process.env.BOT_NODE ?? hostname() // this main's name, unique among the live mains

const bot = getBot({
  cluster: redisCluster({
    url: 'redis://10.0.0.5:6379', // one Redis for every main (default redis://127.0.0.1:6379)
    namespace: 'my-bot', // one namespace, one cluster (default 'liteyuki')
    node, // default '<hostname>-<pid>'
  }),
})
// Every main adds 'workers': their channels are shared by the workers of every machine.
bot.addProcess('workers', new URL('./worker.js', import.meta.url))
// A name with the node in it belongs to this main alone: 'adapter-gateway-active' reaches this adapter only.
bot.addProcess(`adapter-${node}`, new URL('./adapter.js', import.meta.url))
// A channel registered by any main is known to every process of every main.
setChannel('jobs', new Channel<Job>('jobs', { maxQueue: 1_000 }))
await bot.start() // resolves once this main has joined the cluster and started its children
// #endregion main

// #region worker
// worker.ts, a child: not one line differs from a single machine.
getChannel<Job>('jobs').onReceive(async (job, { from, redelivered }) => {
  // A sender under another main is named with its node: 'adapter-gateway@gateway'.
  console.log(`job ${job.id} from ${from}`)
  if (redelivered && (await sharedMemory.get(`done:${job.id}`))) return
  await handle(job)
  await sharedMemory.set(`done:${job.id}`, true)
  await sharedMemory.update<number>('jobs-done', n => (n ?? 0) + 1) // atomic across every machine
})
// #endregion worker

// #region processes
// Every process of every main, main processes included.
const processes = await bot.getClusterProcesses()
console.log(processes.map(p => `${p.node}/${p.name}: ${p.state}`))
// [ 'gateway/main: running', 'gateway/workers: running', 'gateway/adapter-gateway: running', 'gpu-1/main: running', 'gpu-1/workers: running', 'gpu-1/adapter-gpu-1: running' ]
// #endregion processes

// #region unavailable
// A store call waits for Redis up to the backend's timeout, then fails with a code.
try {
  await sharedMemory.set('last-seen', Date.now())
} catch (error) {
  if ((error as CommError).code !== 'ERR_CLUSTER_UNAVAILABLE') throw error
  console.warn('Redis is out of reach; trying again on the next beat')
}
// #endregion unavailable

declare function handle(job: Job): Promise<void>
