import { Channel, getBot, setChannels } from 'liteyuki-comm'
import type { Result, Task } from './worker.js'

// #region main
// main.ts: a pool of three workers shares twelve slow tasks, and main collects the results.
const bot = getBot()
const tasks = new Channel<Task>('tasks')
const results = new Channel<Result>('results')
const ready = new Channel<string>('ready')
setChannels({ tasks, results, ready })
const pool = ['worker-1', 'worker-2', 'worker-3']
for (const name of pool) bot.addProcess(name, new URL('./worker.js', import.meta.url))
await bot.start()
// Wait until every worker listens, so that the first one does not start alone.
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
