import { getRuntime } from '../runtime/current-runtime.js'
import { WrongProcessError } from '../errors.js'
import { MAIN } from '../runtime/runtime.js'
import { readChildEnv, type Runtime } from '../runtime/runtime.js'

/** `'main'` in the main process, the name given to `addProcess` in a child. */
export const processName: string = readChildEnv()?.name ?? MAIN

export function isMainProcess(): boolean {
  return readChildEnv() === null
}

export function childRuntime(api: string): Runtime {
  if (isMainProcess()) {
    throw new WrongProcessError(`${api} is only available in a child process started by bot.addProcess(); the main process uses getChannel() and getBot() instead.`)
  }
  return getRuntime()
}

export function assertMain(api: string): void {
  if (!isMainProcess()) {
    throw new WrongProcessError(`${api} is only available in the main process; child process '${processName}' can use requestRestart(), activeChannel and passiveChannel.`)
  }
}
