import { isMainThread } from 'node:worker_threads'
import { getRuntime } from '../runtime/current-runtime.js'
import { WrongProcessError } from '../errors.js'
import { MAIN } from '../runtime/runtime.js'
import { readChildEnv, type Runtime } from '../runtime/runtime.js'
import { threadIdentity } from '../runtime/thread-bus.js'

/** `'main'` in the main process, the name given to `addProcess` in a child; a worker thread has its process's name. */
export const processName: string = (isMainThread ? readChildEnv()?.name : threadIdentity()?.name) ?? MAIN

export function isMainProcess(): boolean {
  return processName === MAIN
}

export function childRuntime(api: string): Runtime {
  if (isMainProcess()) {
    throw new WrongProcessError(
      `${api} is only available in a child process started by bot.addProcess(); the main process uses getChannel() and getBot() instead.`,
    )
  }
  return getRuntime()
}

export function assertMain(api: string): void {
  if (!isMainProcess()) {
    throw new WrongProcessError(
      `${api} is only available in the main process; child process '${processName}' can use requestRestart(), activeChannel and passiveChannel.`,
    )
  }
  if (!isMainThread) throw new WrongProcessError(`${api} is only available on the main thread of the main process, not in a worker thread.`)
}
