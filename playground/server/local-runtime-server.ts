import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { RUN_ENV } from '../src/runtime'
import { createWorkspace } from './workspace.mjs'

export interface LocalRuntimeOptions {
  /** The liteyuki-comm package folder (with its dist), linked as node_modules/liteyuki-comm. */
  packageDir: string
  /** Path prefix of the endpoints. */
  base?: string
  /** The node binary runs are started with. */
  node?: string
  /** A run still going after this many ms is killed. */
  maxRunTime?: number
}

export interface LocalRuntimeServer {
  /** Handles a request under `base`; resolves to false for anything else. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>
  /** Runs in progress (for tests and shutdown). */
  runs(): Array<{ id: string; pid: number }>
  close(): void
}

const FILE_NAME = /^[\w-]+\.(?:js|mjs|cjs|json)$/
const MAX_BYTES = 512 * 1024
/** Each page load is a session with a folder; the oldest go when there are more. */
const MAX_SESSIONS = 16
/** What a run may see of the dev server's environment: nothing secret. */
const PASSED_ENV = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'TZ', 'SystemRoot']
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?$/

interface Run {
  id: string
  child: ChildProcess
  session: string
}

/**
 * The dev server's runtime: it writes the playground's files into a temporary
 * folder and runs them with this machine's real `node`, streaming the output
 * back. It answers only on loopback, only to the page's own origin, since it
 * runs code it is sent.
 */
export function createLocalRuntimeServer(options: LocalRuntimeOptions): LocalRuntimeServer {
  const base = options.base ?? '/__playground'
  const node = options.node ?? process.execPath
  const maxRunTime = options.maxRunTime ?? 5 * 60_000
  const sessions = new Map<string, string>()
  const running = new Map<string, Run>()

  const refuse = (response: ServerResponse, status: number, message: string): true => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(message)
    return true
  }

  const stop = (run: Run): void => {
    signalGroup(run.child, 'SIGTERM')
    setTimeout(() => {
      if (running.has(run.id)) signalGroup(run.child, 'SIGKILL')
    }, 2_000).unref()
  }

  const forget = (session: string): void => {
    for (const run of running.values()) if (run.session === session) stop(run)
    const dir = sessions.get(session)
    if (dir) rmSync(dir, { recursive: true, force: true })
    sessions.delete(session)
  }

  const mount = (body: { session?: unknown; files?: unknown }): string => {
    const files = body.files
    if (typeof files !== 'object' || files === null) throw new TypeError('files must be an object of file names to contents')
    const entries = Object.entries(files)
    let bytes = 0
    for (const [name, contents] of entries) {
      if (!FILE_NAME.test(name)) throw new TypeError(`refusing the file name ${JSON.stringify(name)}`)
      if (typeof contents !== 'string') throw new TypeError(`the contents of ${name} must be a string`)
      bytes += contents.length
    }
    if (bytes > MAX_BYTES) throw new TypeError(`the files are larger than ${MAX_BYTES} bytes`)
    const previous = typeof body.session === 'string' && sessions.has(body.session) ? body.session : undefined
    if (previous) forget(previous)
    const { dir } = createWorkspace({ files: files as Record<string, string>, packageDir: options.packageDir, prefix: 'liteyuki-comm-playground-' })
    const session = previous ?? randomUUID()
    sessions.set(session, dir)
    for (const oldest of [...sessions.keys()].slice(0, -MAX_SESSIONS)) forget(oldest)
    return session
  }

  const run = (body: { session?: unknown; entry?: unknown }, response: ServerResponse): void => {
    const dir = typeof body.session === 'string' ? sessions.get(body.session) : undefined
    if (!dir) throw new TypeError('unknown session: mount the files first')
    if (typeof body.entry !== 'string' || !FILE_NAME.test(body.entry)) throw new TypeError('entry must be one of the mounted files')
    const id = randomUUID()
    const child = spawn(node, [body.entry], {
      cwd: dir,
      env: { ...pick(process.env, PASSED_ENV), ...RUN_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    })
    const entry: Run = { id, child, session: body.session as string }
    running.set(id, entry)
    response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-run-id': id })
    const send = (event: object): void => {
      response.write(`${JSON.stringify(event)}\n`)
    }
    child.stdout!.setEncoding('utf8').on('data', (text: string) => send({ type: 'output', text, stream: 'stdout' }))
    child.stderr!.setEncoding('utf8').on('data', (text: string) => send({ type: 'output', text, stream: 'stderr' }))
    const timer = setTimeout(() => stop(entry), maxRunTime)
    child.once('error', error => send({ type: 'output', text: `${error.message}\n`, stream: 'stderr' }))
    child.once('close', code => {
      clearTimeout(timer)
      running.delete(id)
      // Whatever main left behind in its process group goes with it.
      signalGroup(child, 'SIGKILL')
      send({ type: 'exit', code })
      response.end()
    })
    // The page went away: nobody is watching this run any more.
    response.once('close', () => {
      if (running.has(id)) stop(entry)
    })
  }

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (!url.pathname.startsWith(`${base}/`)) return false
      const host = request.headers.host ?? ''
      if (!LOOPBACK.has(request.socket.remoteAddress ?? '') || !LOCAL_HOST.test(host))
        return refuse(response, 403, 'The local runtime answers on localhost only.')
      const action = url.pathname.slice(base.length + 1)
      if (action === 'health' && request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, node: process.version }))
        return true
      }
      if (request.method !== 'POST') return refuse(response, 405, 'Use POST.')
      // Another site open in the same browser must not be able to run code here.
      if (request.headers.origin !== `http://${host}`) return refuse(response, 403, 'The local runtime answers requests from its own origin only.')
      try {
        const body = JSON.parse(await readBody(request)) as Record<string, unknown>
        if (action === 'mount') {
          const session = mount(body)
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ session }))
        } else if (action === 'run') {
          run(body, response)
        } else if (action === 'stop') {
          const target = typeof body.id === 'string' ? running.get(body.id) : undefined
          if (target) stop(target)
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stopped: target !== undefined }))
        } else {
          return refuse(response, 404, `Unknown action ${action}.`)
        }
      } catch (error) {
        return refuse(response, 400, error instanceof Error ? error.message : String(error))
      }
      return true
    },
    runs: () => [...running.values()].map(r => ({ id: r.id, pid: r.child.pid! })),
    close() {
      for (const session of [...sessions.keys()]) forget(session)
    },
  }
}

/** Main leads its own process group, so its children get the signal too. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal)
  } catch {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
  }
}

function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.filter(name => env[name] !== undefined).map(name => [name, env[name]]))
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => {
      body += chunk
      if (body.length > MAX_BYTES * 2) request.destroy(new Error('request too large'))
    })
    request.once('end', () => resolve(body))
    request.once('error', reject)
  })
}
