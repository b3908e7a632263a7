import { Channel, ChannelModeError, TimeoutError, getChannel, setChannel } from 'liteyuki-comm'

interface Job { id: number; url: string }

// #region registry
// 在任意进程中：创建一个端并注册它的名称。
const jobs = new Channel<Job>('jobs', { maxQueue: 1000 })
setChannel('jobs', jobs)

// 在其他任意进程中：getChannel 返回该进程自己的端。
const sameChannel = getChannel<Job>('jobs')
// #endregion registry

// #region passive
const isJob = (data: unknown): data is Job =>
  typeof data === 'object' && data !== null && 'id' in data && 'url' in data

const stop = jobs.onReceive(async (job) => {
  // 这里的 `job` 是 Job：过滤器是一个类型守卫。
  await fetch(job.url)
}, { filter: isJob })

stop() // 移除这个处理函数
// #endregion passive

// #region active
const next = await sameChannel.receive() // 等待下一条消息
const soon = await sameChannel.receive({ timeout: 5_000 }) // 或者以 TimeoutError 失败
const controller = new AbortController()
const cancellable = sameChannel.receive({ signal: controller.signal })
controller.abort() // 以 signal 的 reason 拒绝；不消费任何消息
// #endregion active

// #region iterate
for await (const job of sameChannel) {
  console.log(`job ${job.id}`)
  if (job.id === 100) break // 跳出循环不会落下任何消息
}
// #endregion iterate

// #region errors
// 注册处理函数后这一端处于被动模式，在它上面调用 receive() 会被拒绝。
const events = getChannel('nonebot-passive')
events.onReceive(event => console.log(event))
await events.receive().catch((error: unknown) => {
  if (error instanceof ChannelModeError) console.error(`${error.name}: ${error.message}`)
})

// 设置了超时后，到时仍没有消息，receive() 就会被拒绝。
await jobs.receive({ timeout: 1_000 }).catch((error: unknown) => {
  if (error instanceof TimeoutError) console.error(`${error.name}: ${error.message}`)
})

jobs.onError((error) => {
  // 这一端处理函数的错误，以及（在子进程中）被主进程拒收的发送。
  console.error('jobs:', error)
})
// #endregion errors

void next; void soon; void cancellable
