import { setTimeout as sleep } from 'node:timers/promises'
import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts：空闲时领取一个任务，在 'results' 上回复结果。
export interface Task {
  id: number
  text: string
}
export interface Result {
  id: number
  worker: string
  words: number
}

const results = getChannel<Result>('results')
getChannel<Task>('tasks').onReceive(async ({ id, text }) => {
  await sleep(100) // 耗时的部分：调用某个服务，或一段计算
  results.send({ id, worker: processName, words: text.split(' ').length })
})
getChannel<string>('ready').send(processName)
// #endregion worker
