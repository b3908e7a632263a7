import { Channel, ChannelClosedError, ProcessExitedError, TimeoutError, getChannel, setChannel } from 'liteyuki-comm'

interface Job { id: number; url: string }
interface Reply { id: number; ok: boolean }

// #region constructor
// 在任意进程中：本进程在 'jobs' 上的端，主进程中的队列有上限。
const jobs = new Channel<Job>('jobs', { maxQueue: 1_000 })

// 注册这个名称，让每个进程都能 getChannel('jobs')。
setChannel('jobs', jobs)
// #endregion constructor

// #region send
jobs.send({ id: 1, url: 'https://example.com/a' }) // 交给 'jobs' 的另一个持有者

// @ts-expect-error 消息类型会被检查：缺少 url
jobs.send({ id: 2 })
// #endregion send

// #region put
// 通道有上限时等待空位，而不是以 ChannelFullError 失败。
for (let id = 3; id < 1_000; id++) await jobs.put({ id, url: `https://example.com/${id}` })

// 5 秒内没有空位就放弃；这条消息不会被发送。
await jobs.put({ id: 1_000, url: 'https://example.com/last' }, { timeout: 5_000 }).catch((error: unknown) => {
  if (error instanceof TimeoutError) console.log('still full, try later')
})
// #endregion put

// #region on-receive
const isJob = (data: unknown): data is Job =>
  typeof data === 'object' && data !== null && 'id' in data && 'url' in data

const events = getChannel<Job | string>('events')

// 类型守卫形式的过滤器会把处理函数的参数收窄为 Job。
const stopJobs = events.onReceive(async (job) => {
  await fetch(job.url) // 下一个 Job 要等这一个处理完
}, { filter: isJob })

// 普通的判断函数只过滤、不收窄类型；它也可以是异步的。
events.onReceive((data) => {
  console.log('text event:', data)
}, { filter: data => typeof data === 'string' && data.length > 0 })

// 不带过滤器：到达这个端的每条消息。第二个参数说明是谁发的，
// 以及它是否曾交给一个没处理完就退出的端。
events.onReceive((data, { from, redelivered }) => console.log('event', data, 'from', from, redelivered ? '(again)' : ''))

stopJobs() // 移除这个处理函数；其他处理函数照常运行
// #endregion on-receive

// #region receive
const replies = getChannel<Reply>('nonebot-active')

const first = await replies.receive() // 一直等到有消息为止

try {
  const reply = await replies.receive({ timeout: 5_000 })
  console.log(reply.ok)
} catch (error) {
  if (error instanceof TimeoutError) console.warn('no reply within 5 s') // 没有消费任何消息
  else if (error instanceof ProcessExitedError) console.warn(`${error.process} left the channel for good`)
  else throw error
}

const controller = new AbortController()
process.once('SIGINT', () => controller.abort(new Error('shutting down')))
const next = await replies.receive({ signal: controller.signal }) // 收到 SIGINT 时以该 Error 拒绝
// #endregion receive

// #region iterate
const queue = getChannel<Job>('jobs')

for await (const job of queue) {
  await fetch(job.url)
  if (job.id === 100) break // 跳出循环不会留下未完成的 receive，
  // （在子进程中）预读的消息也会交还给主进程
}
// #endregion iterate

// #region on-error
const offError = events.onError((error) => {
  // 这一端的处理函数或过滤函数抛出了错误或返回了被拒绝的 Promise，
  // 或者（在子进程中）队列已达 maxQueue，主进程拒收了一次 send()。
  console.error(`[${events.name}]`, error)
})
// 不再需要时：offError()
// #endregion on-error

// #region close
const updates = getChannel<string>('updates')
const pending = updates.receive()

updates.close() // 还没有处理函数开始处理的消息交还给主进程
console.log(updates.closed) // true

await pending.catch((error: unknown) => {
  if (error instanceof ChannelClosedError) console.log(error.message) // Channel 'updates' is closed in this process.
})

// 名称仍然注册着：之后 getChannel() 返回一个新的、未关闭的端。
const reopened = getChannel<string>('updates')
// #endregion close

// #region properties
console.log(jobs.name) // 'jobs'
console.log(jobs.options) // { maxQueue: 1000 }（已冻结）
console.log(jobs.closed) // false
// #endregion properties

void first; void next; void offError; void reopened
