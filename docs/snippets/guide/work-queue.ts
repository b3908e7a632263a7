import { Channel, getBot, setChannel } from 'liteyuki-comm'

// #region main
// main.ts: three workers share one 'jobs' channel.
const bot = getBot()
const jobs = new Channel<number>('jobs')
setChannel('jobs', jobs)
for (const name of ['worker-1', 'worker-2', 'worker-3']) {
  bot.addProcess(name, new URL('./worker.js', import.meta.url))
}
await bot.start()
// Each job goes to exactly one worker, round-robin among those listening.
for (let job = 0; job < 30; job++) jobs.send(job)
// #endregion main
