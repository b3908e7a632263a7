// Starts a real redis-server for a test or a benchmark: on 127.0.0.1, on a free port, with
// its own temporary folder. No mock stands in for it anywhere.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}
/** Whether the server answers PING. */
function pong(port) {
  return new Promise(resolve => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    let answer = ''
    socket.setTimeout(1000)
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', data => {
      answer += data.toString()
      if (answer.includes('\r\n')) {
        socket.destroy()
        resolve(answer.startsWith('+PONG'))
      }
    })
    socket.on('error', () => resolve(false))
    socket.on('timeout', () => (socket.destroy(), resolve(false)))
  })
}
/**
 * `persist: true` writes every change to the append-only file before
 * answering (`appendfsync always`), so a killed server loses nothing it
 * acknowledged; otherwise nothing is written to disk.
 */
export async function startRedis(options = {}) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'liteyuki-comm-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '']
  args.push(...(options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']))
  let child
  let exited = Promise.resolve()
  const start = async () => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    started.stdout.on('data', data => (output += data))
    started.stderr.on('data', data => (output += data))
    let missing = false
    started.once('error', error => {
      missing = error.code === 'ENOENT'
      output += String(error)
    })
    exited = new Promise(resolve => started.once('close', () => resolve()))
    child = started
    const deadline = Date.now() + 20_000
    while (!(await pong(port))) {
      if (missing) throw new Error('The Redis tests need redis-server on the PATH: install it (Debian: apt-get install redis-server).')
      if (started.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start:\n${output}`)
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }
  const stop = async signal => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
    child = undefined
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => stop('SIGKILL'),
    start,
    close: async () => {
      await stop('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
