// Several mains, each a real process with its own children, joined through a
// real redis-server: the way a cluster runs on several machines.
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { startRedis, type RedisServer } from './redis-server.mjs'

export interface ChildConfig {
  name: string
  role: 'producer' | 'consumer' | 'counter' | 'tally' | 'subscriber'
  mode?: 'receive' | 'forawait' | 'passive'
  count?: number
  slow?: number
  /** A consumer uses nothing while this file exists: the test holds the stream still and lets it go. */
  gate?: string
}

export interface LogEntry {
  node: string
  name: string
  event: string
  id?: string
  n?: number
  from?: string
  redelivered?: boolean
  count?: number
  failed?: string[]
  /** A main's reported error: its code, where it happened and what it says. */
  code?: string
  source?: string
  message?: string
  /** Date.now() when it happened, where the fixture says. */
  at?: number
}

export class MainProcess {
  readonly process: ChildProcess
  readonly ready: Promise<void>
  readonly exited: Promise<number | null>
  output = ''
  #nextId = 1
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()

  constructor(
    readonly node: string,
    config: {
      url: string
      namespace: string
      log: string
      children: ChildConfig[]
      lease?: number
      timeout?: number
      maxQueue?: number
      sentinels?: Array<{ host: string; port: number }>
    },
    /** Another Node.js binary for main and, through it, its children. */
    execPath?: string,
  ) {
    this.process = fork(new URL('./fixtures/cluster-main.mjs', import.meta.url), [JSON.stringify({ ...config, node })], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      ...(execPath ? { execPath } : {}),
    })
    this.process.stdout!.on('data', data => (this.output += data))
    this.process.stderr!.on('data', data => (this.output += data))
    this.exited = new Promise(resolve => this.process.once('exit', code => resolve(code)))
    this.ready = new Promise((resolve, reject) => {
      this.process.on('message', (message: { ready?: string; id?: number; ok?: boolean; value?: unknown; error?: { message: string; code?: string } }) => {
        if (message.ready) return resolve()
        const pending = this.#pending.get(message.id!)
        this.#pending.delete(message.id!)
        if (message.ok) pending?.resolve(message.value)
        else pending?.reject(Object.assign(new Error(message.error!.message), { code: message.error!.code }))
      })
      void this.exited.then(code => reject(new Error(`main '${node}' exited with ${code} before it was ready:\n${this.output}`)))
    })
    this.ready.catch(() => {})
  }

  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      this.process.send({ id, cmd, ...args })
    })
  }

  /**
   * Resolves once this main has heard that each main in `nodes` holds `channel`
   * (their children opened their ends): from then on it routes to them. Once per main.
   */
  async heardOf(nodes: string[], channel = 'jobs'): Promise<void> {
    await this.call('holders', { channel, expected: nodes.map(node => `@${node}`) })
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return
    await this.call('stop').catch(() => {})
    await this.exited
  }
}

export function logFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'liteyuki-cluster-')), 'log.jsonl')
}

export function readLog(file: string): LogEntry[] {
  if (!existsSync(file)) return []
  // A child may be writing its last line right now: only whole lines (each ends with a newline) count.
  const text = readFileSync(file, 'utf8')
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as LogEntry)
}

let namespaces = 0
export const namespace = (): string => `mains${process.pid}-${++namespaces}`

/**
 * For a test file of forked mains: `start()` starts a Redis server and
 * `main()` a main on it; after each test the mains stop and Redis closes.
 */
export function mainsOnRedis() {
  const running: MainProcess[] = []
  let server: RedisServer | undefined
  afterEach(async () => {
    await Promise.all(running.splice(0).map(main => (main.process.exitCode === null && main.process.signalCode === null ? main.stop() : undefined)))
    await server?.close()
    server = undefined
  })
  return {
    async start(options: { persist?: boolean } = {}): Promise<RedisServer> {
      server = await startRedis(options)
      return server
    },
    main(node: string, config: ConstructorParameters<typeof MainProcess>[1]): MainProcess {
      const main = new MainProcess(node, config)
      running.push(main)
      return main
    },
    get running(): MainProcess[] {
      return running
    },
  }
}
