import '../child/watchdog.cjs'

/**
 * Each child leads its own process group (it is forked `detached`), so that
 * main can reach what the child started, and so that the child's watchdog can
 * end its descendants once main is gone. Windows has no process groups: there
 * a child is forked as before and only the child itself is signalled.
 */
export const USE_GROUPS = process.platform !== 'win32'

/** Where the preload is: the watchdog module records its own file when loaded. */
export function watchdogFile(): string {
  return (globalThis as Record<symbol, unknown>)[Symbol.for('liteyuki-comm.watchdog')] as string
}

export const WATCHDOG_ENV = 'LITEYUKI_COMM_WATCHDOG'

/** Groups whose leader exited while members may remain: swept when main exits. */
const lingering = new Set<number>()

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(USE_GROUPS ? -pid : pid, signal)
    return true
  } catch {
    return false
  }
}

/**
 * The child exited: whatever it started goes too, SIGTERM first, SIGKILL after
 * `grace` ms for what ignored it. A pid is reused only once nothing uses it as
 * a group id any more, so signalling the group right after its leader exited
 * cannot reach a stranger.
 */
export function endGroup(pid: number, grace: number): void {
  if (!USE_GROUPS || !signalGroup(pid, 'SIGTERM')) return
  lingering.add(pid)
  setTimeout(() => {
    signalGroup(pid, 'SIGKILL')
    lingering.delete(pid)
  }, grace).unref()
}

/** Main is exiting and cannot wait for the timers above. */
export function killLingeringGroups(): void {
  for (const pid of lingering) signalGroup(pid, 'SIGKILL')
  lingering.clear()
}
