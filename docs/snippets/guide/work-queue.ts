import { Channel, getBot, setChannels } from 'liteyuki-comm'

// #region main
// main.ts: three workers share one 'jobs' channel.
const bot = getBot()
const jobs = new Channel<number>('jobs')
const ready = new Channel<string>('ready')
setChannels({ jobs, ready })
for (const name of ['worker-1', 'worker-2', 'worker-3']) {
  bot.addProcess(name, new URL('./worker.js', import.meta.url))
}
await bot.start()
// Each worker says so once it listens.
for (let i = 0; i < 3; i++) console.log(`${await ready.receive()} listens`)
// Each job goes to exactly one worker, round-robin among those listening.
for (let job = 0; job < 30; job++) jobs.send(job)
// #endregion main
