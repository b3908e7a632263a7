import { readFileSync } from 'node:fs'
import { isAlive } from './helpers.js'

/**
 * Whether the process still runs. An orphan that exited stays a zombie until
 * its new parent reaps it, and in a container that parent (pid 1) may never
 * do so; `kill(pid, 0)` counts zombies, so /proc is read where there is one.
 */
export function isRunning(pid: number): boolean {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return process.platform === 'linux' ? false : isAlive(pid)
  }
  // The state follows the command name, which is in parentheses and may contain any character.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
}

/** A promise and the function that settles it: holds a hook or an updater until the test lets it go. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void
  const opened = new Promise<void>(resolve => {
    open = resolve
  })
  return { opened, open }
}
