import { Channel, getBot, setChannels } from 'liteyuki-comm'

// #region main
// main.ts：三个 worker 共用一个 'jobs' 通道。
const bot = getBot()
const jobs = new Channel<number>('jobs')
const ready = new Channel<string>('ready')
setChannels({ jobs, ready })
for (const name of ['worker-1', 'worker-2', 'worker-3']) {
  bot.addProcess(name, new URL('./worker.js', import.meta.url))
}
await bot.start()
// 每个 worker 开始监听后都会报告一声。
for (let i = 0; i < 3; i++) console.log(`${await ready.receive()} listens`)
// 每个任务只交给一个 worker，在正在监听的 worker 之间轮流分配。
for (let job = 0; job < 30; job++) jobs.send(job)
// #endregion main
