import { createCallContext, type CallContext } from '../runtime/call-context.js'
import { existsSync } from 'node:fs'
import { constants } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MIN_MESSAGE_LIMIT } from '../api/message-limit.js'
import { optionsObject, validateChannelOptions, validateName } from '../api/validate.js'
import { getRuntime } from '../runtime/current-runtime.js'
import { isMainRuntime, type MainRuntime } from './main-runtime.js'
import { ProcessError } from '../errors.js'
import { Hook, type HookFn } from './hooks.js'
import { ipcTransport } from '../transport/ipc-transport.js'
import { onReport, printOnce, reportError } from '../runtime/report.js'
import { MAIN } from '../runtime/runtime.js'
import { ManagedProcess } from './managed-process.js'
import { ClusterLink } from './cluster-link.js'
import { USE_GROUPS, killLingeringGroups, signalGroup } from './process-groups.js'
import { assertMain } from '../api/process-role.js'
import { globalState } from '../runtime/runtime.js'
import { getSerializer } from '../serialization/serializer.js'
import type { BotOptions, ClusterBackend, ClusterProcessInfo, InspectEvent, ProcessExitInfo, ProcessInfo, ProcessOptions, Unsubscribe } from '../types.js'
import { describeValue } from '../serialization/value-path.js'
import { announceProcess } from '../runtime/thread-bus.js'

const RESTART_POLICIES = new Set(['never', 'on-failure', 'always'])
const MAX_DELAY = 2_147_483_647
/** Only getBot() holds it, so `new Bot()` cannot make a second supervisor. */
const CONSTRUCTION = Symbol('getBot')
/** The bot's cluster, set by getBot(); kept off the class so that it is no part of the API. */
const clusters = new WeakMap<Bot, ClusterLink>()
/** The signals that ask a process to end; main answers them as a supervisor would. */
const TERMINATION_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const
type TerminationSignal = (typeof TERMINATION_SIGNALS)[number]
/**
 * Marks the after-start hooks while they run, so that a `stop()` called from
 * inside one does not wait for that hook to finish (it would wait for itself).
 * Where a call cannot be followed through its awaits cheaply, a stop does not
 * wait for a running after-start hook at all (see `call-context.ts`).
 */
let inAfterStart: CallContext<true> | undefined

/**
 * The main-process supervisor: it forks the child processes, keeps their
 * channels, and runs the lifecycle hooks. One per process: use `getBot()`.
 */
export class Bot {
  readonly #processes = new Map<string, ManagedProcess>()
  readonly #hooks = {
    beforeStart: new Hook(),
    afterStart: new Hook(),
    beforeStop: new Hook(),
    afterStop: new Hook(),
    beforeRestart: new Hook<[name: string]>(),
    afterRestart: new Hook<[name: string]>(),
    processExit: new Hook<[info: ProcessExitInfo]>(),
    error: new Hook<[error: Error, source: string]>(),
  }

  #started = false
  #exitHandlerInstalled = false
  /** The start under way, which a second `start()` joins. */
  #starting: Promise<void> | undefined
  /** Bumped by every `stop()`: a start that sees it change gives up what it had left to do. */
  #stops = 0
  /** The after-start hooks while they run: a `stop()` finishes only after them. */
  #afterStart: Promise<void> | undefined
  /** A termination signal is being handled: a second one ends main at once. */
  #signalled = false

  /** Use `getBot()`: there is one bot per process. */
  constructor(token?: symbol) {
    assertMain('getBot()')
    if (token !== CONSTRUCTION) throw new TypeError('Use getBot() to get the bot: there is one per process.')
    // Printed by the reporter already; a failing error hook is only printed (a line a second), so that it cannot feed itself.
    onReport((reported, source) => void this.#hooks.error.callEach(failure => printOnce('an onError hook', failure), reported, source))
  }

  /**
   * Adds a child process and registers its channels `'<name>-active'` and
   * `'<name>-passive'`, usable at once. The child starts with `start()`, or
   * with `startProcess(name)` once the bot runs.
   */
  addProcess(name: string, file: string | URL, options: ProcessOptions = {}): void {
    const api = `addProcess('${String(name)}')`
    validateName(name, 'addProcess()', 'name')
    if (name === MAIN) throw new TypeError(`addProcess(): '${MAIN}' is reserved for the main process.`)
    // In a cluster, 'name@node' names a process of another main, and '@node' another main itself.
    if (name.includes('@')) throw new TypeError(`${api}: a name may not contain '@', which marks a process of another main in a cluster.`)
    if (this.#processes.has(name)) throw new TypeError(`${api}: a process with this name was already added.`)
    const path = toPath(file, api)
    if (!existsSync(path)) throw new TypeError(`${api}: the file ${path} does not exist.`)
    validateProcessOptions(options, api)
    const runtime = mainRuntime()
    const transport = options.transport ?? globalState().transport ?? ipcTransport
    const managed: ManagedProcess = new ManagedProcess(name, path, options, runtime.hub, runtime.serializer, transport, {
      exit: info => void this.#hooks.processExit.call(info).catch(error => reportError('an onProcessExit hook', error)),
      restartRequested: () => void this.restartProcess(name).catch(error => reportError(`restarting '${name}' on its request`, error)),
      autoRestart: (): Promise<void> => managed.start(false).catch((error: unknown) => reportError(`restarting crashed process '${name}'`, error)),
    })
    const channelOptions = options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue }
    for (const channel of managed.channels) runtime.hub.register(MAIN, channel, channelOptions)
    this.#processes.set(name, managed)
  }

  /**
   * Runs the before-start hooks, starts every added process, then runs the
   * after-start hooks.
   *
   * Called again while a start is under way, or once the bot has started, it
   * starts nothing and runs no hook again: it resolves when the first start
   * completes (at once if it has) and rejects if that start failed.
   *
   * If a process cannot be started (its file is gone, its transport failed),
   * the processes that did start are stopped again, the after-start hooks do
   * not run, and the returned promise rejects with a `ProcessError` naming
   * each process that failed and why: a start is all or nothing.
   *
   * A `stop()` that begins meanwhile wins: the start does nothing more (no
   * further process, no further after-start hook) and resolves; the bot is
   * then stopped.
   */
  start(): Promise<void> {
    if (this.#started) return Promise.resolve()
    this.#starting ??= this.#start().finally(() => {
      this.#starting = undefined
    })
    return this.#starting
  }

  async #start(): Promise<void> {
    const stops = this.#stops
    const current = (): boolean => this.#stops === stops
    await clusters.get(this)?.ready()
    if (!current()) return
    await this.#hooks.beforeStart.call()
    if (!current()) return
    this.#installExitHandler()
    const processes = [...this.#processes.values()]
    const results = await Promise.allSettled(processes.map(p => p.start()))
    const failed = processes.flatMap((p, i) => {
      const result = results[i]!
      return result.status === 'rejected' ? [{ name: p.name, error: result.reason as unknown }] : []
    })
    if (failed.length > 0) {
      const started = processes.filter(p => p.running)
      await Promise.all(started.map(p => p.stop()))
      const why = failed.map(f => `'${f.name}' (${f.error instanceof Error ? f.error.message : String(f.error)})`).join(', ')
      const undone = started.length > 0 ? ` The processes that had started (${started.map(p => `'${p.name}'`).join(', ')}) were stopped again;` : ''
      throw new ProcessError(
        `start(): ${failed.length === 1 ? 'a process' : 'processes'} failed to start: ${why}.${undone} no process of this start is running.`,
        { cause: failed[0]!.error },
      )
    }
    if (!current()) return
    this.#started = true
    inAfterStart ??= createCallContext()
    const hooks = inAfterStart.run(true, () => this.#hooks.afterStart.callWhile(current))
    this.#afterStart = hooks
    try {
      await hooks
    } finally {
      if (this.#afterStart === hooks) this.#afterStart = undefined
    }
  }

  /**
   * Runs the before-stop hooks, stops every process (gracefully, then by
   * force after its `stopTimeout`), then the after-stop hooks. A start under
   * way gives up what it had left and begins no further after-start hook. On
   * Node.js 24+ (or with `LITEYUKI_COMM_DEBUG=1`) an after-start hook already
   * running is also waited for, unless this stop was called from inside it;
   * elsewhere telling the two apart would slow every await of the process.
   */
  async stop(): Promise<void> {
    this.#stops++
    await this.#hooks.beforeStop.call()
    await Promise.all([...this.#processes.values()].map(p => p.stop()))
    this.#started = false
    await this.#hooks.afterStop.call()
    await clusters.get(this)?.leave()
    const running = this.#afterStart
    if (running && inAfterStart?.followsAwaits && inAfterStart.get() === undefined) await running.catch(() => {})
  }

  async startProcess(name: string): Promise<void> {
    this.#installExitHandler()
    await this.#get(name, 'startProcess').start()
  }

  async stopProcess(name: string): Promise<void> {
    await this.#get(name, 'stopProcess').stop()
  }

  /**
   * Stops and starts the process again; its channels and their queued messages
   * stay. A stop of the same process that begins meanwhile (`stopProcess`,
   * `removeProcess`, `stop`) wins: the restart then resolves without starting
   * it, and the after-restart hooks do not run.
   */
  async restartProcess(name: string): Promise<void> {
    const managed = this.#get(name, 'restartProcess')
    const ticket = managed.beginRestart()
    await this.#hooks.beforeRestart.call(name)
    if (!(await managed.restart(ticket))) return
    await this.#hooks.afterRestart.call(name)
  }

  /** Stops the process if it runs and forgets it. Its channels stay registered. */
  async removeProcess(name: string): Promise<void> {
    await this.#get(name, 'removeProcess').stop()
    this.#processes.delete(name)
  }

  getProcess(name: string): ProcessInfo | undefined {
    return this.#processes.get(name)?.info()
  }

  getProcesses(): ProcessInfo[] {
    return [...this.#processes.values()].map(p => p.info())
  }

  /**
   * Every process of every main in the cluster, each with the `node` (main)
   * that holds it, main processes included. The others' states are as they
   * last reported them, a moment ago. Only for a bot given a `cluster`.
   */
  async getClusterProcesses(): Promise<ClusterProcessInfo[]> {
    const cluster = clusters.get(this)
    if (!cluster) throw new TypeError('getClusterProcesses(): this main is not part of a cluster; give getBot() a cluster option.')
    const members = await cluster.members()
    return members.flatMap(({ node, info }) => (isDescription(info) ? info.processes.map(p => ({ node, ...p })) : []))
  }

  /**
   * Calls `listener` with what happens between the processes: process states,
   * channel holders, messages routed, store writes and publications. A
   * debugging aid (the playground's live view uses it); payloads come as
   * short previews. Costs nothing while nobody listens. Returns what stops it.
   */
  inspect(listener: (event: InspectEvent) => void): Unsubscribe {
    if (typeof listener !== 'function') throw new TypeError(`inspect(): the listener must be a function, got ${describeValue(listener)}.`)
    const { hub } = mainRuntime()
    const stop = hub.inspector.listen(listener)
    listener({ type: 'process', name: MAIN, state: 'running', pid: process.pid })
    return stop
  }

  get started(): boolean {
    return this.#started
  }

  onBeforeStart(fn: HookFn<[]>): Unsubscribe {
    return this.#hooks.beforeStart.add(fn, 'onBeforeStart()')
  }
  onAfterStart(fn: HookFn<[]>): Unsubscribe {
    return this.#hooks.afterStart.add(fn, 'onAfterStart()')
  }
  onBeforeStop(fn: HookFn<[]>): Unsubscribe {
    return this.#hooks.beforeStop.add(fn, 'onBeforeStop()')
  }
  onAfterStop(fn: HookFn<[]>): Unsubscribe {
    return this.#hooks.afterStop.add(fn, 'onAfterStop()')
  }
  onBeforeRestart(fn: HookFn<[name: string]>): Unsubscribe {
    return this.#hooks.beforeRestart.add(fn, 'onBeforeRestart()')
  }
  onAfterRestart(fn: HookFn<[name: string]>): Unsubscribe {
    return this.#hooks.afterRestart.add(fn, 'onAfterRestart()')
  }
  /** A child exited without being asked to: `info.crashed` and `info.willRestart` say what happened next. */
  onProcessExit(fn: HookFn<[info: ProcessExitInfo]>): Unsubscribe {
    return this.#hooks.processExit.add(fn, 'onProcessExit()')
  }

  /**
   * Each error main reports on its own, with no call to reject it (such as
   * `ERR_CLUSTER_DATA_LOST`, or malformed frames dropped), every occurrence,
   * with where it happened; the printed line stays, rate-limited.
   */
  onError(fn: HookFn<[error: Error, source: string]>): Unsubscribe {
    return this.#hooks.error.add(fn, 'onError()')
  }

  #get(name: string, api: string): ManagedProcess {
    const managed = this.#processes.get(name)
    if (!managed) {
      const known = [...this.#processes.keys()].map(n => `'${n}'`).join(', ') || 'none'
      throw new ProcessError(`${api}('${name}'): no process has this name. Added processes: ${known}.`)
    }
    return managed
  }

  /**
   * Children must not outlive main, however it ends. Each child's watchdog
   * (child/watchdog.cts) ends the child's process group once main is gone, even
   * after a SIGKILL, so on exit main only sweeps the groups of children that
   * already exited. Without process groups (Windows) main signals each child.
   *
   * The termination signals are answered as a supervisor would, unless the
   * application listens for them itself: the children are stopped
   * (gracefully, then by force), and main exits with 128 + the signal number.
   */
  #installExitHandler(): void {
    if (this.#exitHandlerInstalled) return
    this.#exitHandlerInstalled = true
    process.once('exit', () => {
      killLingeringGroups()
      if (USE_GROUPS) return
      for (const managed of this.#processes.values()) {
        const pid = managed.info().pid
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGTERM')
          } catch {
            /* already gone */
          }
        }
      }
    })
    for (const signal of TERMINATION_SIGNALS) process.on(signal, this.#onSignal)
  }

  readonly #onSignal = (signal: TerminationSignal): void => {
    // Another listener is the application's: what the signal does is its decision.
    if (process.listenerCount(signal) > 1) return
    const code = 128 + constants.signals[signal]
    if (this.#signalled) {
      // Asked twice: the user does not want to wait for the graceful stop.
      for (const managed of this.#processes.values()) {
        const pid = managed.info().pid
        if (pid !== undefined) signalGroup(pid, 'SIGKILL')
      }
      process.exit(code)
    }
    this.#signalled = true
    this.stop()
      .catch(error => reportError(`stopping the processes on ${signal}`, error))
      .finally(() => process.exit(code))
  }
}

/**
 * The main process's bot, created on first call. `serialization` may only be
 * given before anything was sent, stored or forked, since every process must
 * agree on the serializer; `transport` applies to processes added afterwards,
 * `updateLease` to the key locks granted afterwards.
 */
export function getBot(options: BotOptions = {}): Bot {
  assertMain('getBot()')
  optionsObject(options as unknown, 'getBot()')
  const state = globalState()
  if (options.serialization !== undefined) {
    if (options.serialization !== 'json' && options.serialization !== 'structured') {
      throw new TypeError(
        `getBot(): serialization must be 'json' or 'structured', got ${typeof options.serialization === 'string' ? JSON.stringify(options.serialization) : describeValue(options.serialization)}.`,
      )
    }
    const serializer = getSerializer(options.serialization)
    const current = state.runtime?.serializer.name ?? state.serialization ?? 'json'
    if (current !== serializer.name && (state.runtime !== undefined || state.bot !== undefined)) {
      throw new TypeError(`getBot(): serialization is already '${current}'; choose it in the first getBot() call, before any channel or storage use.`)
    }
    state.serialization = serializer.name
    announceProcess({ name: MAIN, serialization: serializer.name })
  }
  if (options.transport !== undefined) {
    validateTransport(options.transport, 'getBot()')
    state.transport = options.transport
  }
  if (options.updateLease !== undefined) {
    const lease = options.updateLease
    if (!(lease === Number.POSITIVE_INFINITY || (typeof lease === 'number' && lease >= 1 && lease <= MAX_DELAY))) {
      throw new TypeError(
        `getBot(): updateLease must be a number of milliseconds from 1 to ${MAX_DELAY}, or Infinity, got ${typeof lease === 'string' ? JSON.stringify(lease) : describeValue(lease)}.`,
      )
    }
    state.updateLease = lease
  }
  if (options.maxMessageBytes !== undefined) {
    const limit = options.maxMessageBytes
    if (!(Number.isSafeInteger(limit) && limit >= MIN_MESSAGE_LIMIT)) {
      throw new TypeError(
        `getBot(): maxMessageBytes must be a whole number of bytes, at least ${MIN_MESSAGE_LIMIT}, got ${typeof limit === 'string' ? JSON.stringify(limit) : describeValue(limit)}.`,
      )
    }
    state.maxMessageBytes = limit
    // Worker threads started from now on refuse what main would.
    announceProcess({ name: MAIN, serialization: state.serialization ?? 'json' })
  }
  if (options.cluster !== undefined) {
    validateCluster(options.cluster)
    if (state.bot) throw new TypeError('getBot(): cluster must be given in the first getBot() call, before the bot exists.')
  }
  if (!state.bot) {
    const bot = new Bot(CONSTRUCTION)
    state.bot = bot
    if (options.cluster !== undefined) joinCluster(bot, options.cluster)
  }
  return state.bot as Bot
}

/** The bot lives in main only (its methods assert it), so the runtime here is main's. */
function mainRuntime(): MainRuntime {
  const runtime = getRuntime()
  if (!isMainRuntime(runtime)) throw new Error(`liteyuki-comm: the bot's runtime is a ${runtime.role}'s, not main's.`)
  return runtime
}

function toPath(file: string | URL, api: string): string {
  if (file instanceof URL) return fileURLToPath(file)
  if (typeof file === 'string' && file !== '') return file.startsWith('file:') ? fileURLToPath(file) : resolve(file)
  throw new TypeError(`${api}: the file must be a path string or a file: URL, got ${typeof file}.`)
}

function joinCluster(bot: Bot, backend: ClusterBackend): void {
  const runtime = mainRuntime()
  const link = new ClusterLink(runtime.hub, backend, runtime.serializer, (): Description => ({
    processes: [
      { name: MAIN, pid: process.pid, state: 'running', restarts: 0 },
      ...bot.getProcesses().map(({ name, pid, state, restarts }) => ({ name, pid, state, restarts })),
    ],
  }))
  clusters.set(bot, link)
  // Joining begins at once, so that storage used before start() already reaches the cluster.
  link.ready().catch(() => {})
}

type Description = { processes: Array<Omit<ClusterProcessInfo, 'node'>> }

/** What another main described may be anything: only a well-formed listing counts. */
function isDescription(info: unknown): info is Description {
  const processes = (info as Description | null)?.processes
  return Array.isArray(processes) && processes.every(p => typeof p === 'object' && p !== null && typeof p.name === 'string' && typeof p.state === 'string')
}

function validateCluster(cluster: unknown): void {
  const methods = ['join', 'leave', 'send', 'broadcast', 'describe', 'members'] as const
  const backend = (typeof cluster === 'object' && cluster !== null ? cluster : {}) as Record<string, unknown>
  const missing = methods.filter(m => typeof backend[m] !== 'function')
  if (missing.length > 0 || typeof backend.node !== 'string' || backend.node === '' || typeof backend.store !== 'object' || backend.store === null) {
    const got =
      typeof cluster === 'object' && cluster !== null
        ? `an object without ${missing.length > 0 ? missing.join(', ') : 'node or store'}`
        : describeValue(cluster)
    throw new TypeError(`getBot(): cluster must be a ClusterBackend (for example redisCluster() from liteyuki-comm-redis), got ${got}.`)
  }
}

function validateTransport(transport: unknown, api: string): void {
  const { open, childModule } = (typeof transport === 'object' && transport !== null ? transport : {}) as { open?: unknown; childModule?: unknown }
  if (typeof open !== 'function') {
    const got = typeof transport === 'object' && transport !== null ? 'an object without one' : describeValue(transport)
    throw new TypeError(`${api}: transport must be an object with an open() method (a TransportFactory), got ${got}.`)
  }
  if (childModule !== undefined && !(childModule instanceof URL) && !(typeof childModule === 'string' && childModule !== '')) {
    throw new TypeError(`${api}: transport.childModule must be a module URL, path or package name, got ${describeValue(childModule)}.`)
  }
}

function validateProcessOptions(options: ProcessOptions, api: string): void {
  validateChannelOptions(options, api)
  if (options.transport !== undefined) validateTransport(options.transport, api)
  const { restart, maxRestarts, restartDelay, stopTimeout, stdio, args, execArgv, env, cwd } = options
  if (env !== undefined && (typeof env !== 'object' || env === null || Array.isArray(env)))
    throw new TypeError(`${api}: env must be an object, got ${describeValue(env)}.`)
  if (cwd !== undefined && (typeof cwd !== 'string' || cwd === ''))
    throw new TypeError(`${api}: cwd must be a non-empty path string, got ${describeValue(cwd)}.`)
  if (restart !== undefined && !RESTART_POLICIES.has(restart))
    throw new TypeError(`${api}: restart must be 'never', 'on-failure' or 'always', got ${JSON.stringify(restart)}.`)
  if (maxRestarts !== undefined && !(typeof maxRestarts === 'number' && maxRestarts >= 0))
    throw new TypeError(`${api}: maxRestarts must be a number >= 0, got ${String(maxRestarts)}.`)
  // setTimeout fires at once for delays beyond 2^31 - 1 ms, so larger values are refused.
  for (const [key, value] of Object.entries({ restartDelay, stopTimeout })) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= MAX_DELAY))
      throw new TypeError(`${api}: ${key} must be a number of milliseconds from 0 to ${MAX_DELAY}, got ${String(value)}.`)
  }
  if (stdio !== undefined && stdio !== 'inherit' && stdio !== 'prefix')
    throw new TypeError(`${api}: stdio must be 'inherit' or 'prefix', got ${JSON.stringify(stdio)}.`)
  for (const [key, value] of Object.entries({ args, execArgv })) {
    if (value !== undefined && !(Array.isArray(value) && value.every(v => typeof v === 'string')))
      throw new TypeError(`${api}: ${key} must be an array of strings.`)
  }
}
