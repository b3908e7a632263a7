import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ProcessExitedError, getBot, getChannel, type Bot, type ProcessOptions, type TransportFactory } from 'liteyuki-comm'
import { readSources, writeWorkspace } from '../../../playground/server/workspace.mjs'

export const fixture = (name: string): URL => new URL(`./fixtures/${name}`, import.meta.url)

export interface AgentEvent {
  kind: 'message' | 'publication' | 'error'
  channel?: string
  topic?: string
  data?: unknown
  by?: string
  error?: { name: string; code?: string; message: string }
}

interface Reply {
  id: number
  ok: boolean
  value?: unknown
  error?: { name: string; code?: string; message: string }
}

/** Drives an agent-child.mjs over its two channels. */
export class Agent {
  readonly events: AgentEvent[] = []
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>()
  readonly #eventWaiters = new Set<() => void>()
  #nextId = 1

  constructor(readonly name: string) {
    const active = getChannel<Reply>(`${name}-active`)
    void (async () => {
      for (;;) {
        try {
          for await (const reply of active) {
            const pending = this.#pending.get(reply.id)
            this.#pending.delete(reply.id)
            if (reply.ok) pending?.resolve(reply.value)
            else pending?.reject(Object.assign(new Error(reply.error!.message), reply.error))
          }
          return
        } catch (error) {
          if (!(error instanceof ProcessExitedError)) throw error
          // The child exited while we waited, or had already: listen again once it
          // runs again (restarted after a crash, or started again after a stop).
          while (!['starting', 'running'].includes(getBot().getProcess(name)?.state ?? '')) {
            await new Promise(resolve => setTimeout(resolve, 20).unref())
          }
        }
      }
    })()
    getChannel<AgentEvent>(`${name}-passive`).onReceive(event => {
      this.events.push(event)
      for (const wake of this.#eventWaiters) wake()
    })
  }

  call<T = unknown>(action: string, ...args: unknown[]): Promise<T> {
    const id = this.#nextId++
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      getChannel(`${this.name}-active`).send({ id, action, args })
    })
  }

  /** Waits (bounded) until `count` events match. */
  async waitForEvents(match: (e: AgentEvent) => boolean, count = 1, timeout = 60_000): Promise<AgentEvent[]> {
    const found = (): AgentEvent[] => this.events.filter(match)
    await until(
      () => found().length >= count,
      timeout,
      () => `${count} event(s) on agent '${this.name}', got ${JSON.stringify(found())}`,
    )
    return found()
  }
}

export async function startAgent(name: string, options: ProcessOptions = {}, bot: Bot = getBot()): Promise<Agent> {
  bot.addProcess(name, fixture('agent-child.mjs'), options)
  const agent = new Agent(name)
  await bot.startProcess(name)
  return agent
}

/** Polls `condition` until it holds; fails with `describe()` after `timeout` ms. */
import { until } from '../src/testing/until.js'

export { until }

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A separate node process running a fixture as its own main, with its output collected line by line. */
export function runNode(
  script: URL | string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  node = process.execPath,
): { child: ChildProcess; lines: string[]; waitForLine(pattern: RegExp, timeout?: number): Promise<string>; exited: Promise<number | null> } {
  const child = spawn(node, [script instanceof URL ? script.pathname : script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  // One buffer per stream: a line cut between two chunks of stdout must not take in a chunk of stderr.
  const collect = (stream: NodeJS.ReadableStream): void => {
    let buffered = ''
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const parts = buffered.split('\n')
      buffered = parts.pop()!
      lines.push(...parts)
    })
  }
  collect(child.stdout!)
  collect(child.stderr!)
  // 'close', not 'exit': the process may have exited with output still in its pipes.
  const exited = new Promise<number | null>(resolve => child.once('close', code => resolve(code)))
  return {
    child,
    lines,
    exited,
    async waitForLine(pattern, timeout = 60_000) {
      await until(
        () => lines.some(line => pattern.test(line)),
        timeout,
        () => `a line matching ${pattern} in:\n${lines.join('\n')}`,
      )
      return lines.find(line => pattern.test(line))!
    },
  }
}

export const examplesDir = new URL('../../../playground/examples/', import.meta.url)

export interface ExampleMeta {
  title: { en: string; zh: string }
  description: { en: string; zh: string }
  files: string[]
  expect: string[]
}

export function listExamples(): Array<{ name: string; dir: string; meta: ExampleMeta }> {
  const root = fileURLToPath(examplesDir)
  return readdirSync(root, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => ({
      name: entry.name,
      dir: join(root, entry.name),
      meta: JSON.parse(readFileSync(join(root, entry.name, 'meta.json'), 'utf8')) as ExampleMeta,
    }))
}

/**
 * Compiles an example's TypeScript to JavaScript in `outDir`, as the
 * playground does in the browser: each file on its own, types erased.
 */
export function compileExample(dir: string, outDir: string): void {
  writeWorkspace(outDir, { sources: readSources(dir) })
}

/**
 * Compiles a folder of docs/snippets (`dir`, such as 'guide' or 'zh/guide')
 * as a reader would, with liteyuki-comm as its dependency, and runs `main`
 * from it as its own main process.
 */
export function runSnippet(dir: string, main: string): ReturnType<typeof runNode> {
  const out = tempDir(dir.replaceAll('/', '-'))
  const sources = readSources(fileURLToPath(new URL(`../../../docs/snippets/${dir}/`, import.meta.url)))
  writeWorkspace(out, { sources, packageDir: fileURLToPath(new URL('..', import.meta.url)) })
  return runNode(join(out, main))
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `liteyuki-comm-${prefix}-`))
}

/**
 * A Node.js 18 binary, the oldest version the library supports and the one
 * browser-hosted runtimes ship. It comes from the registry's
 * `node-<platform>-<arch>` packages, pinned in tools/node18 and installed there
 * on first use; undefined where no binary is published for this machine.
 */
export function node18(): string | undefined {
  const dir = fileURLToPath(new URL('../../../tools/node18/', import.meta.url))
  const platform = process.platform === 'win32' ? 'win' : process.platform
  const binary = join(dir, 'node_modules', `node-${platform}-${process.arch}`, 'bin', process.platform === 'win32' ? 'node.exe' : 'node')
  if (!existsSync(binary)) {
    try {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'ignore' })
    } catch {
      return undefined
    }
  }
  return existsSync(binary) ? binary : undefined
}

/**
 * The Unix-socket transport of the docs, compiled from its TypeScript source
 * by the global setup so that children can import it as it is.
 */
export async function loadSocketTransport(): Promise<TransportFactory> {
  const url = new URL('./fixtures/generated/socket-transport.mjs', import.meta.url)
  return ((await import(url.href)) as { socketTransport: TransportFactory }).socketTransport
}
