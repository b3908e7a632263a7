import { Channel, ChannelModeError, TimeoutError, getChannel, setChannel } from 'liteyuki-comm'

interface Job { id: number; url: string }

// #region registry
// In any process: create an end and register its name.
const jobs = new Channel<Job>('jobs', { maxQueue: 1000 })
setChannel('jobs', jobs)

// In any other process: getChannel returns that process's own end.
const sameChannel = getChannel<Job>('jobs')
// #endregion registry

// #region passive
const isJob = (data: unknown): data is Job =>
  typeof data === 'object' && data !== null && 'id' in data && 'url' in data

const stop = jobs.onReceive(async (job) => {
  // `job` is a Job here: the filter is a type guard.
  await fetch(job.url)
}, { filter: isJob })

stop() // removes the handler
// #endregion passive

// #region active
const next = await sameChannel.receive() // waits for the next message
const soon = await sameChannel.receive({ timeout: 5_000 }) // or fails with TimeoutError
const controller = new AbortController()
const cancellable = sameChannel.receive({ signal: controller.signal })
controller.abort() // rejects with the signal's reason; no message is consumed
// #endregion active

// #region iterate
for await (const job of sameChannel) {
  console.log(`job ${job.id}`)
  if (job.id === 100) break // leaving the loop leaves no message behind
}
// #endregion iterate

// #region errors
// A handler makes this end passive, so receive() on it rejects.
const events = getChannel('nonebot-passive')
events.onReceive(event => console.log(event))
await events.receive().catch((error: unknown) => {
  if (error instanceof ChannelModeError) console.error(`${error.name}: ${error.message}`)
})

// With a timeout, receive() rejects when nothing arrives in time.
await jobs.receive({ timeout: 1_000 }).catch((error: unknown) => {
  if (error instanceof TimeoutError) console.error(`${error.name}: ${error.message}`)
})

jobs.onError((error) => {
  // Errors of handlers on this end, and (in a child) sends that main refused.
  console.error('jobs:', error)
})
// #endregion errors

void next; void soon; void cancellable
