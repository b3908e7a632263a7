import { Channel, ChannelClosedError, ProcessExitedError, TimeoutError, getChannel, setChannel } from 'liteyuki-comm'

interface Job { id: number; url: string }
interface Reply { id: number; ok: boolean }

// #region constructor
// In any process: this process's end of 'jobs', with a bounded queue in main.
const jobs = new Channel<Job>('jobs', { maxQueue: 1_000 })

// Register the name so that every process can getChannel('jobs').
setChannel('jobs', jobs)
// #endregion constructor

// #region send
jobs.send({ id: 1, url: 'https://example.com/a' }) // to one other holder of 'jobs'

// @ts-expect-error the message type is checked: url is missing
jobs.send({ id: 2 })
// #endregion send

// #region put
// Waits for room when the channel is bounded, instead of failing with ChannelFullError.
for (let id = 3; id < 1_000; id++) await jobs.put({ id, url: `https://example.com/${id}` })

// Gives up after 5 s without room; the message is then not sent.
await jobs.put({ id: 1_000, url: 'https://example.com/last' }, { timeout: 5_000 }).catch((error: unknown) => {
  if (error instanceof TimeoutError) console.log('still full, try later')
})
// #endregion put

// #region on-receive
const isJob = (data: unknown): data is Job =>
  typeof data === 'object' && data !== null && 'id' in data && 'url' in data

const events = getChannel<Job | string>('events')

// A type-guard filter narrows the handler's argument to Job.
const stopJobs = events.onReceive(async (job) => {
  await fetch(job.url) // the next Job waits until this one is done
}, { filter: isJob })

// A plain predicate filters without narrowing; it may be async too.
events.onReceive((data) => {
  console.log('text event:', data)
}, { filter: data => typeof data === 'string' && data.length > 0 })

// No filter: every message that reaches this end. The second argument tells who sent it,
// and whether it came before to an end that died before finishing it.
events.onReceive((data, { from, redelivered }) => console.log('event', data, 'from', from, redelivered ? '(again)' : ''))

stopJobs() // removes that handler; the others keep running
// #endregion on-receive

// #region receive
const replies = getChannel<Reply>('nonebot-active')

const first = await replies.receive() // waits as long as it takes

try {
  const reply = await replies.receive({ timeout: 5_000 })
  console.log(reply.ok)
} catch (error) {
  if (error instanceof TimeoutError) console.warn('no reply within 5 s') // nothing was consumed
  else if (error instanceof ProcessExitedError) console.warn(`${error.process} left the channel for good`)
  else throw error
}

const controller = new AbortController()
process.once('SIGINT', () => controller.abort(new Error('shutting down')))
const next = await replies.receive({ signal: controller.signal }) // rejects with that Error on SIGINT
// #endregion receive

// #region iterate
const queue = getChannel<Job>('jobs')

for await (const job of queue) {
  await fetch(job.url)
  if (job.id === 100) break // leaving the loop leaves no pending receive behind,
  // and (in a child) hands the messages it read ahead back to main
}
// #endregion iterate

// #region on-error
const offError = events.onError((error) => {
  // A handler or filter of this end threw or rejected, or (in a child) main refused
  // a send() because the queue was at maxQueue.
  console.error(`[${events.name}]`, error)
})
// later: offError()
// #endregion on-error

// #region close
const updates = getChannel<string>('updates')
const pending = updates.receive()

updates.close() // messages no handler has started go back to main
console.log(updates.closed) // true

await pending.catch((error: unknown) => {
  if (error instanceof ChannelClosedError) console.log(error.message) // Channel 'updates' is closed in this process.
})

// The name stays registered: getChannel() now returns a new, open end.
const reopened = getChannel<string>('updates')
// #endregion close

// #region properties
console.log(jobs.name) // 'jobs'
console.log(jobs.options) // { maxQueue: 1000 } (frozen)
console.log(jobs.closed) // false
// #endregion properties

void first; void next; void offError; void reopened
