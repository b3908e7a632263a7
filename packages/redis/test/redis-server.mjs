// Starts a real redis-server for a test or a benchmark: on 127.0.0.1, on a free port, with
// its own temporary folder. No mock stands in for it anywhere.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
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
/** Spawns `command` (redis-server or redis-sentinel) and waits until it answers PING on `port`. */
async function spawnAnswering(command, args, port) {
  const started = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  started.stdout.on('data', data => (output += data))
  started.stderr.on('data', data => (output += data))
  let missing = false
  started.once('error', error => {
    missing = error.code === 'ENOENT'
    output += String(error)
  })
  const exited = new Promise(resolve => started.once('close', () => resolve()))
  const deadline = Date.now() + 20_000
  while (!(await pong(port))) {
    if (missing) throw new Error(`The Redis tests need ${command} on the PATH: install it (Debian: apt-get install redis-server redis-sentinel).`)
    if (started.exitCode !== null || Date.now() > deadline) throw new Error(`${command} on port ${port} did not start:\n${output}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return { child: started, exited }
}

const stopped = child => child.exitCode !== null || child.signalCode !== null

/**
 * `persist: true` writes every change to the append-only file before
 * answering (`appendfsync always`), so a killed server loses nothing it
 * acknowledged; otherwise nothing is written to disk. `args`: more options.
 */
export async function startRedis(options = {}) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'liteyuki-comm-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no', '--save', '']
  args.push(...(options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']), ...(options.args ?? []))
  let running
  const start = async () => {
    running = await spawnAnswering('redis-server', args, port)
  }
  const stop = async signal => {
    if (running && !stopped(running.child)) running.child.kill(signal)
    await running?.exited
    running = undefined
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

/** `count` Sentinels watching the primary on `primaryPort` as `name`, with a quorum of a majority, that find it down after `downAfter` ms. */
export async function startSentinels(primaryPort, { count = 3, name = 'mymaster', downAfter = 1000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'liteyuki-comm-sentinel-'))
  const sentinels = []
  for (let i = 0; i < count; i++) {
    const port = await freePort()
    const config = join(dir, `sentinel-${port}.conf`)
    writeFileSync(
      config,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${primaryPort} ${Math.floor(count / 2) + 1}`,
        `sentinel down-after-milliseconds ${name} ${downAfter}`,
        `sentinel failover-timeout ${name} ${4 * downAfter}`,
        `sentinel parallel-syncs ${name} 1`,
        '',
      ].join('\n'),
    )
    sentinels.push({ port, ...(await spawnAnswering('redis-sentinel', [config], port)) })
  }
  return {
    addresses: sentinels.map(({ port }) => ({ host: '127.0.0.1', port })),
    close: async () => {
      for (const { child } of sentinels) if (!stopped(child)) child.kill('SIGTERM')
      await Promise.all(sentinels.map(({ exited }) => exited))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
