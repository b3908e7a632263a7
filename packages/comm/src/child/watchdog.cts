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
 * A child whose main thread is stuck (a synchronous loop) runs no timer, so
 * a worker thread watches too: it reads the parent pid on its own event loop,
 * and when main is gone and the main thread has not begun ending the group
 * within BLOCKED_MS, it ends the group itself. The thread is unreferenced and
 * started with no preload, so it neither keeps the child alive nor runs this
 * file again.
 *
 * Loaded in main, it only tells main where it is.
 */

// oxlint-disable-next-line no-require-imports -- a CommonJS preload: require() is how it loads modules
const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads')

const KEY = Symbol.for('liteyuki-comm.watchdog')
;(globalThis as Record<symbol, unknown>)[KEY] ??= __filename

const ENV = 'LITEYUKI_COMM_WATCHDOG'
/** How often the parent pid is read: main's death is noticed within this. */
const POLL_MS = 200
/** How long descendants get between SIGTERM and SIGKILL once main is gone. */
const GRACE_MS = 500
/** How long the watching thread gives the main thread to notice main is gone before it takes the main thread for blocked. */
const BLOCKED_MS = 600

/**
 * The watching thread: plain JavaScript, evaluated as is. When main is gone it
 * waits on the shared flag, which the main thread sets as it begins to end
 * the group; if that does not come, it sends the SIGTERM itself (it ends a
 * blocked process unless the process listens for SIGTERM, which a blocked
 * process cannot run). Either way it sends the SIGKILL after the grace: the
 * main thread may have begun and then blocked before its own timer ran.
 */
const WATCHER = `
const { workerData } = require('node:worker_threads')
const { flag, parent, target, poll, grace, blocked } = workerData
const signal = name => {
  try {
    process.kill(target, name)
  } catch {}
}
const timer = setInterval(() => {
  if (process.ppid === parent) return
  clearInterval(timer)
  if (Atomics.wait(flag, 0, 0, blocked) === 'timed-out') signal('SIGTERM')
  setTimeout(() => signal('SIGKILL'), grace)
}, poll)
`

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
  /** Set to 1 once the main thread begins to end the group (see WATCHER). */
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const begin = (): void => {
    ending = true
    Atomics.store(flag, 0, 1)
    Atomics.notify(flag, 0)
  }
  try {
    const watcher = new Worker(WATCHER, {
      eval: true,
      execArgv: [],
      workerData: { flag, parent, target, poll: POLL_MS, grace: GRACE_MS, blocked: BLOCKED_MS },
      stdout: true,
      stderr: true,
    })
    watcher.unref()
    // A thread that could not start leaves the child as watched as before: by its main thread only.
    watcher.on('error', () => {})
  } catch {
    /* as above */
  }

  const poll = setInterval(() => {
    if (!mainGone() || ending) return
    begin()
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
    begin()
    if (process.connected === false && !mainGone()) {
      const nap = new Int32Array(new SharedArrayBuffer(4))
      for (let waited = 0; waited < 100 && !mainGone(); waited += 5) Atomics.wait(nap, 0, 0, 5)
    }
    if (!mainGone()) return
    process.on('SIGTERM', () => {})
    signal('SIGTERM')
  })
}
