import { setTimeout as sleep } from 'node:timers/promises'
import { getChannel, processName } from 'liteyuki-comm'

// #region worker
// worker.ts: takes a task when it is free, replies on 'results'.
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
  await sleep(100) // the slow part: a call to a service, a computation
  results.send({ id, worker: processName, words: text.split(' ').length })
})
getChannel<string>('ready').send(processName)
// #endregion worker
