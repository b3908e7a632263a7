/**
 * Preloaded into every child main forks (`node --require`), before the child's
 * own code, so that it works whether or not that code imports liteyuki-comm,
 * for ES modules and CommonJS alike. It is CommonJS because `--require` is the
 * one preload flag every supported Node.js version has.
 *
 * Why it exists: a child, and whatever the child started, must not outlive
 * main, even when main dies by SIGKILL and can do nothing about it. Main forks
 * each child as the leader of its own process group (`detached`), so the group
 * holds the child and its descendants. When main is gone this preload ends the
 * whole group: SIGTERM first, so that descendants can clean up, then SIGKILL.
 *
 * Main being gone is read from the parent pid, not from the IPC channel: a
 * 'disconnect' listener would keep the channel referenced (the child would
 * never exit on its own), and a child may close the channel on purpose while
 * main still runs. The check is an unreferenced timer, so the preload never
 * keeps a child alive, and it sends nothing, so a child stopped by main
 * through the library's graceful stop leaves exactly as before.
 *
 * Loaded in main, it only tells main where it is.
 */

const KEY = Symbol.for('liteyuki-comm.watchdog')
;(globalThis as Record<symbol, unknown>)[KEY] ??= __filename

const ENV = 'LITEYUKI_COMM_WATCHDOG'
/** How often the parent pid is read: main's death is noticed within this. */
const POLL_MS = 200
/** How long descendants get between SIGTERM and SIGKILL once main is gone. */
const GRACE_MS = 500

if (process.env[ENV] === '1') {
  // Descendants inherit the environment and, if they are forked, this preload:
  // only the process main forked watches for main.
  delete process.env[ENV]
  const parent = process.ppid
  // Windows has no process groups to signal; there the child only ends itself.
  const target = process.platform === 'win32' ? process.pid : -process.pid
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(target, name)
    } catch {
      /* the group is empty already */
    }
  }
  const mainGone = (): boolean => process.ppid !== parent
  let ending = false

  const poll = setInterval(() => {
    if (!mainGone() || ending) return
    ending = true
    clearInterval(poll)
    // The SIGTERM sent to the group reaches this process too; without a
    // listener of its own it would die at once and could not follow up with
    // SIGKILL for descendants that ignore SIGTERM. The application's own
    // listeners still run.
    if (process.listenerCount('SIGTERM') === 0) process.on('SIGTERM', () => {})
    signal('SIGTERM')
    setTimeout(() => signal('SIGKILL'), GRACE_MS).unref()
  }, POLL_MS)
  poll.unref()

  // A child that leaves while main is gone (the library exits when it loses
  // main) takes its descendants along: it cannot wait for the timers above.
  // Main's pipe closes a moment before the system gives the child a new
  // parent, so a child that lost the channel waits briefly for that to show;
  // one that closed the channel itself while main runs only pays the wait.
  // SIGTERM, not SIGKILL: this listener may run before the application's own
  // exit listeners, and SIGKILL would end this process before they ran; the
  // listener added here keeps the SIGTERM from ending it early as well.
  process.on('exit', () => {
    if (ending) return
    if (process.connected === false && !mainGone()) {
      const nap = new Int32Array(new SharedArrayBuffer(4))
      for (let waited = 0; waited < 100 && !mainGone(); waited += 5) Atomics.wait(nap, 0, 0, 5)
    }
    if (!mainGone()) return
    process.on('SIGTERM', () => {})
    signal('SIGTERM')
  })
}
