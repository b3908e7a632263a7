import type { FileSystemTree } from '@webcontainer/api'
import type { WebContainerInstance, WebContainerModule } from '../src/webcontainer-runtime'

/**
 * What runs the fake's processes and keeps its files: a folder and the real
 * `node` of this machine (node-machine.ts), reached directly from Node.js
 * tests or over HTTP from a browser (http-machine.ts).
 */
export interface FakeMachine {
  /** Writes a FileSystemTree under the container's folder. */
  mount(tree: FileSystemTree): Promise<void>
  rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>
  /** Starts a command with only the given environment; `output` is its stdout and stderr together, as they come. */
  spawn(command: string, args: string[], env: Record<string, string>): Promise<{ output: ReadableStream<string>; exit: Promise<number>; kill(): void }>
}

export interface FakeWebContainerOptions {
  /** Makes the machine a booted container runs on; called once per boot. */
  machine: () => Promise<FakeMachine>
  bootDelay?: number
  /** `boot()` never settles, as when StackBlitz is out of reach. */
  neverBoot?: boolean
  /** `boot()` rejects with this message. */
  failBoot?: string
}

export type FakeWebContainer = WebContainerModule & {
  WebContainer: { boot(options: { coep: 'require-corp' | 'credentialless' | 'none'; workdirName?: string }): Promise<FakeInstance> }
  /** How many times `boot()` was called. */
  readonly boots: number
  /** Raises an internal error of the booted container, as the real one reports them to `on('error')`. */
  raiseError(message: string): void
}

export type FakeInstance = WebContainerInstance & {
  readonly workdir: string
  on(event: 'error' | 'server-ready' | 'port', listener: (...args: any[]) => void): () => void
  teardown(): void
}

/**
 * A stand-in for `@webcontainer/api`, which cannot boot without StackBlitz's
 * servers; one fake, for the Node.js tests and the browser's alike. It keeps
 * the real API's shape and rules (those of @webcontainer/api 1.6's own code):
 * boots are taken one at a time and a second instance is refused until
 * `teardown()`, after which nothing of the old one works; `workdirName` must
 * be a plain folder name; `mount` takes a FileSystemTree; `spawn(command,
 * args?, options?)` gives a process whose `output` is a terminal's (stdout and
 * stderr of the process and its descendants together, lines ending in \r\n),
 * whose `exit` is a Promise of a number, also for a killed process, and whose
 * `kill()` ends that one process and not its descendants; `on(event,
 * listener)` returns its unsubscribe function.
 */
export function createFakeWebContainer(options: FakeWebContainerOptions): FakeWebContainer {
  let current: FakeInstance | undefined
  let booting: Promise<unknown> | undefined
  let boots = 0
  /** The listeners of the booted instance, by event. */
  let listeners = new Map<string, Set<(...args: any[]) => void>>()

  const instance = (machine: FakeMachine, workdirName: string): FakeInstance => {
    let tornDown = false
    listeners = new Map()
    const usable = (): void => {
      if (tornDown) throw new Error('WebContainer already torn down')
    }
    const self: FakeInstance = {
      workdir: `/home/${workdirName}`,
      async mount(tree) {
        usable()
        await machine.mount(tree)
      },
      async spawn(command: string, argsOrOptions?: string[] | SpawnOptions, maybeOptions?: SpawnOptions) {
        usable()
        const args = Array.isArray(argsOrOptions) ? argsOrOptions : []
        const spawnOptions = (Array.isArray(argsOrOptions) ? maybeOptions : argsOrOptions) ?? {}
        const env = Object.fromEntries(Object.entries(spawnOptions.env ?? {}).map(([name, value]) => [name, String(value)]))
        const process = await machine.spawn(command, args, env)
        let exited = false
        void process.exit.then(() => {
          exited = true
        })
        return {
          // A terminal's line discipline: every \n goes out as \r\n.
          output: process.output.pipeThrough(new TransformStream<string, string>({ transform: (text, out) => out.enqueue(text.replace(/\r?\n/g, '\r\n')) })),
          exit: process.exit,
          kill() {
            if (exited) console.warn('This process already exited')
            else process.kill()
          },
        }
      },
      fs: {
        async rm(path, rmOptions) {
          usable()
          await machine.rm(path, rmOptions)
        },
      },
      on(event, listener) {
        usable()
        const set = listeners.get(event) ?? new Set()
        listeners.set(event, set)
        set.add(listener)
        return () => {
          set.delete(listener)
        }
      },
      teardown() {
        usable()
        tornDown = true
        listeners = new Map()
        if (current === self) current = undefined
      },
    }
    return self
  }

  const boot = async (bootOptions: { coep: string; workdirName?: string }): Promise<FakeInstance> => {
    boots++
    const { workdirName = 'project' } = bootOptions
    if (workdirName.includes('/') || workdirName === '..' || workdirName === '.') throw new Error('workdirName should be a valid folder name')
    if (!['require-corp', 'credentialless', 'none'].includes(bootOptions.coep)) throw new Error(`Invalid coep: ${bootOptions.coep}`)
    // One boot at a time: a second waits for the first, then finds its instance.
    // eslint-disable-next-line no-unmodified-loop-condition -- the boot under way clears it when done
    while (booting) await booting
    if (current) throw new Error('Only a single WebContainer instance can be booted')
    const started = (async () => {
      if (options.neverBoot) await new Promise<never>(() => {})
      await new Promise(resolve => setTimeout(resolve, options.bootDelay ?? 0))
      if (options.failBoot !== undefined) throw new Error(options.failBoot)
      return instance(await options.machine(), workdirName)
    })()
    booting = started.catch(() => {})
    try {
      current = await started
      return current
    } finally {
      booting = undefined
    }
  }

  return {
    get boots() {
      return boots
    },
    raiseError(message) {
      for (const listener of listeners.get('error') ?? []) listener({ message })
    },
    WebContainer: { boot },
  }
}

interface SpawnOptions {
  env?: Record<string, string | number | boolean>
  cwd?: string
  output?: boolean
}
