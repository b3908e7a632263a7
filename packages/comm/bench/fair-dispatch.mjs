// One measurement of fair dispatch in a fresh main process: 30 jobs of 50 ms
// sent before 3 workers listen; prints { ms } from the moment the last worker
// listens until the 30th job is done, and { most } (jobs of the busiest worker).
// Argument: the receive mode of the workers (passive, receive, for-await) and
// the channel's prefetch ('default' or a number).
import { Channel, getBot, setChannel, sharedMemory } from 'liteyuki-comm'

const [mode = 'passive', prefetch = 'default'] = process.argv.slice(2)
const bot = getBot()
const jobs = new Channel('fair', prefetch === 'default' ? {} : { prefetch: Number(prefetch) })
setChannel('fair', jobs)
const done = new Channel('fair-done')
setChannel('fair-done', done)
const workers = ['a', 'b', 'c']
// The worker of the forked test: it says ready, listens on the publication, reports each job.
for (const name of workers) bot.addProcess(name, new URL('../test/fixtures/fair-worker.mjs', import.meta.url), { args: ['fair', mode] })
await bot.start()
for (let ready = 0; ready < workers.length;) if ('ready' in (await done.receive())) ready++
for (let job = 0; job < 30; job++) jobs.send(job)
await sharedMemory.publish('fair-go', true)
const counts = new Map()
let listening = 0
let lastListened = 0
for (let finished = 0; finished < 30;) {
  const report = await done.receive({ timeout: 30_000 })
  if ('listening' in report) {
    if (++listening === workers.length) lastListened = performance.now()
  } else {
    counts.set(report.worker, (counts.get(report.worker) ?? 0) + 1)
    finished++
  }
}
const ms = performance.now() - lastListened
await bot.stop()
console.log(JSON.stringify({ ms, most: Math.max(...counts.values()) }))
