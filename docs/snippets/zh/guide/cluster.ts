import { hostname } from 'node:os'
import { Channel, getBot, getChannel, setChannel, sharedMemory, type CommError } from 'liteyuki-comm'
import { redisCluster } from 'liteyuki-comm-redis'

interface Job { id: number; text: string }

// #region main
// main.ts：每台机器上都是这同一个文件。
const node = process.env.BOT_NODE ?? hostname() // 本主进程的节点名，在存活的主进程中不能重复

const bot = getBot({
  cluster: redisCluster({
    url: 'redis://10.0.0.5:6379', // 所有主进程连同一个 Redis（默认 redis://127.0.0.1:6379）
    namespace: 'my-bot', // 同一命名空间即同一集群（默认 'liteyuki'）
    node, // 默认 '<主机名>-<pid>'
  }),
})
// 每个主进程都添加 'workers'：它的通道由所有机器上的 workers 共同持有。
bot.addProcess('workers', new URL('./worker.js', import.meta.url))
// 名字里带上节点名，就只属于本主进程：'adapter-gateway-active' 只会送到这一个适配器。
bot.addProcess(`adapter-${node}`, new URL('./adapter.js', import.meta.url))
// 任何一个主进程注册的通道，所有主进程下的所有进程都能使用。
setChannel('jobs', new Channel<Job>('jobs', { maxQueue: 1_000 }))
await bot.start() // 本主进程加入集群、启动完子进程后兑现
// #endregion main

// #region worker
// worker.ts，子进程：和单机时一行都不用改。
getChannel<Job>('jobs').onReceive(async (job, { from, redelivered }) => {
  // 来自其他主进程的发送方，名字后面带着节点名：'adapter-gateway@gateway'。
  console.log(`job ${job.id} from ${from}`)
  if (redelivered && (await sharedMemory.get(`done:${job.id}`))) return
  await handle(job)
  await sharedMemory.set(`done:${job.id}`, true)
  await sharedMemory.update<number>('jobs-done', n => (n ?? 0) + 1) // 跨所有机器的原子操作
})
// #endregion worker

// #region processes
// 所有主进程下的所有进程，主进程本身也在内。
const processes = await bot.getClusterProcesses()
console.log(processes.map(p => `${p.node}/${p.name}: ${p.state}`))
// [ 'gateway/main: running', 'gateway/workers: running', 'gateway/adapter-gateway: running', 'gpu-1/main: running', 'gpu-1/workers: running', 'gpu-1/adapter-gpu-1: running' ]
// #endregion processes

// #region unavailable
// 存储调用最多等 Redis 到后端的超时时间，之后带着错误码失败。
try {
  await sharedMemory.set('last-seen', Date.now())
} catch (error) {
  if ((error as CommError).code !== 'ERR_CLUSTER_UNAVAILABLE') throw error
  console.warn('Redis is out of reach; trying again on the next beat')
}
// #endregion unavailable

declare function handle(job: Job): Promise<void>
