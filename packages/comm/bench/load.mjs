// Load beside the benchmark, started by it (BENCH_LOAD): a shared, busy machine
// is where users run their bots. 'busy': two processes in a busy loop. 'mixed':
// one busy loop and a docs build (VitePress) run again and again, as a machine
// that builds and browses while it serves.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const busyLoop = () => spawn(process.execPath, ['-e', 'for (;;);'], { stdio: 'ignore' })

/** Starts the load; resolves to the function that stops it. */
export function startLoad(kind) {
  if (kind !== 'busy' && kind !== 'mixed') throw new TypeError(`BENCH_LOAD must be 'busy' or 'mixed', got ${JSON.stringify(kind)}.`)
  const children = kind === 'busy' ? [busyLoop(), busyLoop()] : [busyLoop()]
  let stopped = false
  const build = () => {
    if (stopped) return
    const child = spawn(process.execPath, [fileURLToPath(new URL('node_modules/vitepress/bin/vitepress.js', `file://${root}`)), 'build'], {
      cwd: root,
      stdio: 'ignore',
    })
    children.push(child)
    child.once('exit', build)
  }
  if (kind === 'mixed') build()
  return () => {
    stopped = true
    for (const child of children) child.kill('SIGKILL')
  }
}
