import { Channel, getBot, setChannels } from 'liteyuki-comm'
import type { Result, Task } from './worker.js'

// #region main
// main.ts：三个工作进程组成的进程池分担十二个耗时的任务，由主进程收集结果。
const bot = getBot()
const tasks = new Channel<Task>('tasks')
const results = new Channel<Result>('results')
const ready = new Channel<string>('ready')
setChannels({ tasks, results, ready })
const pool = ['worker-1', 'worker-2', 'worker-3']
for (const name of pool) bot.addProcess(name, new URL('./worker.js', import.meta.url))
await bot.start()
// 等每个工作进程都开始监听，免得第一个独自开工。
for (let i = 0; i < pool.length; i++) await ready.receive({ timeout: 10_000 })

for (let id = 0; id < 12; id++) tasks.send({ id, text: `report ${id}` })
const done = new Map<string, number[]>(pool.map((name) => [name, []]))
for (let i = 0; i < 12; i++) {
  const { id, worker, words } = await results.receive({ timeout: 10_000 })
  console.log(`task ${id}: ${words} words, by ${worker}`)
  done.get(worker)!.push(id)
}
for (const [worker, ids] of done) console.log(`${worker} did ${ids.length} tasks`)
await bot.stop()
// #endregion main
