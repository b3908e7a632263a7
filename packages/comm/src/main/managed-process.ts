import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { ProcessError } from '../errors.js'
import { reportError } from '../runtime/report.js'
import type { ExitDetails } from '../delivery/route.js'
import { ChildLink } from './child-link.js'
import { USE_GROUPS, WATCHDOG_ENV, endGroup, signalGroup, watchdogFile } from './process-groups.js'
import type { Hub } from './hub.js'
import { CHILD_ENV_KEY, globalState, type ChildEnv } from '../runtime/runtime.js'
import { IDENTITY_ENV_KEY } from '../runtime/thread-bus.js'
import type { Serializer } from '../serialization/serializer.js'
import type { ProcessExitInfo, ProcessInfo, ProcessOptions, ProcessState, Transport, TransportFactory, TransportLink } from '../types.js'

export interface ManagedProcessEvents {
  exit(info: ProcessExitInfo): void
  restartRequested(): void
  autoRestart(): Promise<void>
}

type ResolvedOptions = Required<Pick<ProcessOptions, 'args' | 'execArgv' | 'stdio' | 'restart' | 'maxRestarts' | 'restartDelay' | 'stopTimeout'>> &
  ProcessOptions

/** Why main is stopping the child: for good, or to start it again (its channels wait for it). */
type StopIntent = 'stop' | 'restart'

/** One child: forks it, relays its frames to the hub, stops it and applies its restart policy. */
export class ManagedProcess {
  readonly options: ResolvedOptions
  #state: ProcessState = 'idle'
  #child: ChildProcess | undefined
  #transport: Transport | undefined
  #link: ChildLink | undefined
  #restarts = 0
  #greeted = false
  #stopIntent: StopIntent | undefined
  /**
   * Bumped by every stop and every restart request. A restart remembers the
   * number it began with; if it changed by the time the child is down, a later
   * stop (or restart) took over and this restart must not start the child.
   */
  #generation = 0
  #restartTimer: NodeJS.Timeout | undefined
  #exited: Promise<void> = Promise.resolve()

  constructor(
    readonly name: string,
    readonly file: string,
    options: ProcessOptions,
    readonly hub: Hub,
    readonly serializer: Serializer,
    readonly transportFactory: TransportFactory,
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
    if (!existsSync(this.file)) {
      // If it was restarting, whoever waits on its channels must not wait for it.
      this.hub.depart(this.name)
      throw new ProcessError(`Cannot start process '${this.name}': ${this.file} does not exist.`)
    }
    let link: TransportLink
    try {
      link = this.transportFactory.open(this.name)
    } catch (error) {
      this.hub.depart(this.name)
      throw new ProcessError(`Cannot start process '${this.name}': its transport failed to open: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      })
    }
    this.#setState('starting')
    this.#greeted = false
    this.#stopIntent = undefined
    const { childModule } = this.transportFactory
    const env: ChildEnv = {
      v: 1,
      name: this.name,
      serialization: this.serializer.name,
      channels: [...this.hub.registry],
      ...(globalState().maxMessageBytes === undefined ? {} : { maxMessageBytes: globalState().maxMessageBytes }),
      ...(this.hub.cluster === undefined ? {} : { durable: true as const }),
      ...(childModule === undefined ? {} : { transport: { module: moduleSpecifier(childModule), options: link.childOptions } }),
    }
    const child = fork(this.file, this.options.args, {
      // The watchdog comes first, so that it runs even if the child never loads liteyuki-comm.
      execArgv: ['--require', watchdogFile(), ...this.options.execArgv],
      env: { ...(this.options.env ?? process.env), [CHILD_ENV_KEY]: JSON.stringify(env), [WATCHDOG_ENV]: '1', [IDENTITY_ENV_KEY]: undefined },
      // Its own process group: see process-groups.ts.
      detached: USE_GROUPS,
      serialization: this.serializer.ipc,
      stdio: this.options.stdio === 'prefix' ? ['inherit', 'pipe', 'pipe', 'ipc'] : 'inherit',
      ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
    })
    this.#child = child
    if (this.options.stdio === 'prefix') {
      prefixLines(child.stdout!, process.stdout, this.name)
      prefixLines(child.stderr!, process.stderr, this.name)
    }
    const transport = link.connect(child)
    this.#transport = transport
    this.#link = new ChildLink(this.name, this.hub, transport, {
      hello: () => {
        this.#greeted = true
      },
      // Asked while main is already stopping it (bot.stop(), another restart): that stop wins.
      restart: () => {
        if (this.#stopIntent === undefined && this.running) this.events.restartRequested()
      },
    })
    this.hub.attach(this.name, this.#link.sink, this.channels)
    this.#exited = new Promise(resolve =>
      child.once('exit', (code, signal) => {
        this.#onExit(child, { code, signal })
        resolve()
      }),
    )
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', error => reject(new ProcessError(`Process '${this.name}' failed to start: ${error.message}`, { cause: error })))
    })
    // Once it runs, an 'error' (a signal that could not be sent, a write to a
    // process that just exited) must not become an uncaught exception in main.
    child.on('error', error => reportError(`process '${this.name}'`, error))
    if (this.#state === 'starting') this.#setState('running')
  }

  /**
   * Asks the child to stop, then kills it after `stopTimeout` ms. Wins over a
   * restart under way: that restart will not start the child again.
   */
  async stop(): Promise<void> {
    this.#generation++
    clearTimeout(this.#restartTimer)
    // A restart's stop under way becomes a stop for good.
    if (this.#stopIntent) this.#stopIntent = 'stop'
    if (this.running) await this.#terminate('stop')
    else if (this.#state === 'stopping') await this.#exited
    // Down between a restart's stop and start, or waiting for an automatic
    // restart: it will not come back now, and who waits on it must learn that.
    this.hub.depart(this.name)
  }

  /** The ticket to pass to `restart()`; taken before the restart hooks run, so a stop during them wins. */
  beginRestart(): number {
    return ++this.#generation
  }

  /** Stops the child and starts it again, unless a stop or another restart came after `ticket`. Resolves to whether it did. */
  async restart(ticket: number): Promise<boolean> {
    if (ticket !== this.#generation) return false
    clearTimeout(this.#restartTimer)
    if (this.running) await this.#terminate('restart')
    else if (this.#state === 'stopping') await this.#exited
    if (ticket !== this.#generation) return false
    await this.start()
    return true
  }

  async #terminate(intent: StopIntent): Promise<void> {
    const child = this.#child!
    this.#stopIntent = intent
    this.#setState('stopping')
    // From now on messages wait in main (for the other holders, or the next start) instead of reaching a child about to exit.
    this.hub.quiesce(this.name)
    // A child that never loaded liteyuki-comm cannot hear the stop frame.
    if (this.#greeted) this.#link?.stop()
    else child.kill('SIGTERM')
    // Forced: what the child started goes at the same time, not after a further grace period.
    const timer = setTimeout(() => {
      if (child.pid === undefined || !signalGroup(child.pid, 'SIGKILL')) child.kill('SIGKILL')
    }, this.options.stopTimeout)
    await this.#exited
    clearTimeout(timer)
  }

  #setState(state: ProcessState, exit?: ExitDetails): void {
    this.#state = state
    this.hub.cluster?.processesChanged()
    const { inspector } = this.hub
    if (!inspector.active) return
    const pid = this.#child?.pid
    inspector.emit({
      type: 'process',
      name: this.name,
      state,
      ...(pid === undefined ? {} : { pid }),
      ...(exit ? { code: exit.code, signal: exit.signal } : {}),
    })
  }

  #onExit(child: ChildProcess, exit: ExitDetails): void {
    // Whatever the child started must not outlive it, however it ended.
    if (child.pid !== undefined) endGroup(child.pid, this.options.stopTimeout)
    if (this.#child !== child) return
    this.#child = undefined
    this.#transport?.close()
    const intent = this.#stopIntent
    this.#stopIntent = undefined
    if (intent) {
      // Stopped for good, whoever waits on it alone learns it; stopped to restart, they wait for the new child.
      this.hub.detach(this.name, exit, intent === 'stop' ? 'gone' : 'restarting')
      this.#setState('stopped', exit)
      return
    }
    const crashed = exit.code !== 0 || exit.signal !== null
    const policy = this.options.restart
    const wanted = policy === 'always' || (policy === 'on-failure' && crashed)
    const willRestart = wanted && this.#restarts < this.options.maxRestarts
    this.hub.detach(this.name, exit, willRestart ? 'crashed' : 'gone')
    this.#setState(crashed ? 'crashed' : 'exited', exit)
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

/** What the child passes to `import()`: a URL for a path, a package name as it is. */
function moduleSpecifier(module: string | URL): string {
  if (module instanceof URL) return module.href
  return isAbsolute(module) ? pathToFileURL(module).href : module
}

function prefixLines(from: Readable, to: Writable, name: string): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', line => to.write(`[${name}] ${line}\n`))
}
