import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { ProcessError } from './errors.js'
import type { ExitDetails, Hub } from './hub.js'
import { createIpcTransport } from './ipc-transport.js'
import { serializeError, sizeField, type ChildFrame, type MainFrame } from './protocol.js'
import { CHILD_ENV_KEY, type ChildEnv } from './runtime.js'
import type { Serializer } from './serializer.js'
import type { ProcessExitInfo, ProcessInfo, ProcessOptions, ProcessState, Transport } from './types.js'

export interface ManagedProcessEvents {
  exit(info: ProcessExitInfo): void
  restartRequested(): void
  autoRestart(): Promise<void>
}

type ResolvedOptions = Required<Pick<ProcessOptions, 'args' | 'execArgv' | 'stdio' | 'restart' | 'maxRestarts' | 'restartDelay' | 'stopTimeout'>> & ProcessOptions

/** One child: forks it, relays its frames to the hub, stops it and applies its restart policy. */
export class ManagedProcess {
  readonly options: ResolvedOptions
  #state: ProcessState = 'idle'
  #child: ChildProcess | undefined
  #transport: Transport | undefined
  #restarts = 0
  #greeted = false
  #expectingExit = false
  #restartTimer: NodeJS.Timeout | undefined
  #exited: Promise<void> = Promise.resolve()

  constructor(
    readonly name: string,
    readonly file: string,
    options: ProcessOptions,
    readonly hub: Hub,
    readonly serializer: Serializer,
    readonly events: ManagedProcessEvents,
  ) {
    this.options = { args: [], execArgv: [], stdio: defaultStdio(), restart: 'on-failure', maxRestarts: 5, restartDelay: 500, stopTimeout: 5000, ...options }
  }

  get channels(): [string, string] {
    return [`${this.name}-active`, `${this.name}-passive`]
  }

  info(): ProcessInfo {
    return { name: this.name, file: this.file, pid: this.#child?.pid, state: this.#state, restarts: this.#restarts }
  }

  get running(): boolean {
    return this.#state === 'starting' || this.#state === 'running'
  }

  /** Forks the child; resolves once it is spawned. `manual` resets the restart count. */
  async start(manual = true): Promise<void> {
    if (this.running || this.#state === 'stopping') return
    clearTimeout(this.#restartTimer)
    if (manual) this.#restarts = 0
    if (!existsSync(this.file)) throw new ProcessError(`Cannot start process '${this.name}': ${this.file} does not exist.`)
    this.#state = 'starting'
    this.#greeted = false
    this.#expectingExit = false
    const env: ChildEnv = { v: 1, name: this.name, serialization: this.serializer.name, channels: [...this.hub.registry] }
    const child = fork(this.file, this.options.args, {
      execArgv: this.options.execArgv,
      env: { ...(this.options.env ?? process.env), [CHILD_ENV_KEY]: JSON.stringify(env) },
      serialization: this.serializer.ipc,
      stdio: this.options.stdio === 'prefix' ? ['inherit', 'pipe', 'pipe', 'ipc'] : 'inherit',
      ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
    })
    this.#child = child
    if (this.options.stdio === 'prefix') {
      prefixLines(child.stdout!, process.stdout, this.name)
      prefixLines(child.stderr!, process.stderr, this.name)
    }
    const transport = createIpcTransport(child)
    this.#transport = transport
    this.hub.attach(this.name, {
      deliver: (c, m) => transport.send({ t: 'msg', c, d: m.wire, s: m.from, ...sizeField(m.size) }, m.size),
      publish: (topic, d) => transport.send({ t: 'pub', topic, d }),
      registered: (c, o) => transport.send({ t: 'reg', c, o }),
      refused: (c, max) => transport.send({ t: 'full', c, max }),
      peerExited: (c, exit) => transport.send({ t: 'peer-exit', c, p: exit.process, code: exit.code, signal: exit.signal }),
    }, this.channels)
    transport.onFrame(frame => this.#onFrame(frame as ChildFrame, transport))
    this.#exited = new Promise(resolve => child.once('exit', (code, signal) => {
      this.#onExit(child, { code, signal })
      resolve()
    }))
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', error => reject(new ProcessError(`Process '${this.name}' failed to start: ${error.message}`, { cause: error })))
    })
    if (this.#state === 'starting') this.#state = 'running'
  }

  /** Asks the child to stop, then kills it after `stopTimeout` ms. */
  async stop(): Promise<void> {
    clearTimeout(this.#restartTimer)
    const child = this.#child
    if (!child || !this.running) {
      if (this.#state === 'stopping') await this.#exited
      return
    }
    this.#expectingExit = true
    this.#state = 'stopping'
    // A child that never loaded liteyuki-comm cannot hear the stop frame.
    if (this.#greeted) this.#transport?.send({ t: 'stop' })
    else child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeout)
    await this.#exited
    clearTimeout(timer)
  }

  #onFrame(frame: ChildFrame, transport: Transport): void {
    if (frame.t === 'hello') {
      this.#greeted = true
      return
    }
    if (frame.t === 'restart') return this.events.restartRequested()
    if (frame.t === 'req') {
      const reply = (message: MainFrame): void => transport.send(message)
      this.hub.request(this.name, frame.r).then(
        v => reply(v === undefined ? { t: 'res', id: frame.id } : { t: 'res', id: frame.id, v }),
        error => reply({ t: 'err', id: frame.id, e: serializeError(error) }),
      )
      return
    }
    this.hub.handle(this.name, frame)
  }

  #onExit(child: ChildProcess, exit: ExitDetails): void {
    if (this.#child !== child) return
    this.#child = undefined
    this.#transport?.close()
    const expected = this.#expectingExit
    // A deliberate stop or restart does not fail anyone's receive(); a crash does.
    this.hub.detach(this.name, expected ? undefined : exit)
    if (expected) {
      this.#state = 'stopped'
      return
    }
    const crashed = exit.code !== 0 || exit.signal !== null
    const policy = this.options.restart
    const wanted = policy === 'always' || (policy === 'on-failure' && crashed)
    const willRestart = wanted && this.#restarts < this.options.maxRestarts
    this.#state = crashed ? 'crashed' : 'exited'
    this.events.exit({ name: this.name, code: exit.code, signal: exit.signal as NodeJS.Signals | null, crashed, willRestart })
    if (!willRestart) return
    this.#restarts++
    this.#restartTimer = setTimeout(() => void this.events.autoRestart(), this.options.restartDelay)
  }
}

/**
 * LITEYUKI_COMM_STDIO=prefix labels every child's output without changing the
 * code that adds it: tools that show several processes' output (the
 * playground's console) rely on it.
 */
function defaultStdio(): 'inherit' | 'prefix' {
  return process.env.LITEYUKI_COMM_STDIO === 'prefix' ? 'prefix' : 'inherit'
}

function prefixLines(from: Readable, to: Writable, name: string): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', line => to.write(`[${name}] ${line}\n`))
}
