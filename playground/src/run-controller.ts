import { applyEvents, createInspectFilter, emptyInspection, settleProcesses, type InspectEvent, type Inspection } from './inspect'
import type { Stream } from './output'
import type { Files, PlaygroundRuntime, RunHandle } from './runtime'

/**
 * Where a run is. `exited` carries main's code (null: killed by a signal it
 * did not ask for); `stopped` is a Stop or Reset of the reader's; `failed`
 * is the playground's own failure (a syntax error, a runtime that refused).
 */
export type RunPhase =
  | { kind: 'idle' }
  | { kind: 'compiling' }
  | { kind: 'starting' }
  | { kind: 'running' }
  | { kind: 'exited'; code: number | null }
  | { kind: 'stopped' }
  | { kind: 'failed'; message: string }

export interface RunControllerOptions {
  /** The live view, mutated in place (a reactive object updates its views). */
  view?: Inspection
  /** The reader's TypeScript sources to the files a run mounts (compile.mjs). */
  compileFiles(sources: Record<string, string>): Files
  /** Output of main and its children, the inspection stream taken out. */
  onOutput(text: string, stream: Stream): void
  /** Each inspection batch, after the view has it: the timeline listens here. */
  onEvents?(events: InspectEvent[]): void
  /** Each new phase. */
  onPhase?(phase: RunPhase): void
}

export interface RunController {
  readonly phase: RunPhase
  /** A run is under way: compiling, starting or running. */
  readonly busy: boolean
  readonly view: Inspection
  /** Compiles the sources, mounts them and runs `main.js` until it exits or is stopped; resolves then. */
  run(runtime: PlaygroundRuntime, sources: Record<string, string>): Promise<void>
  /** Ends the run under way, children with it, and waits until it is over. */
  stop(): Promise<void>
  /** Stops, then forgets the run: idle, the view empty. */
  reset(): Promise<void>
}

const BUSY = new Set<RunPhase['kind']>(['compiling', 'starting', 'running'])

/**
 * The one home of a run's state, outside any component: the phase, the live
 * view and what ends a run. When main is gone, the view says so too (its exit
 * code, or stopped), and children it had not reported ended went with it.
 */
export function createRunController(options: RunControllerOptions): RunController {
  const view = options.view ?? emptyInspection()
  let phase: RunPhase = { kind: 'idle' }
  let handle: RunHandle | undefined
  let stopRequested = false
  let current: Promise<void> | undefined

  const enter = (next: RunPhase): void => {
    phase = next
    options.onPhase?.(next)
  }
  const clearView = (): void => {
    Object.assign(view, emptyInspection())
  }

  async function execute(runtime: PlaygroundRuntime, sources: Record<string, string>): Promise<void> {
    stopRequested = false
    clearView()
    const inspect = createInspectFilter(events => {
      applyEvents(view, events)
      options.onEvents?.(events)
    })
    const onOutput = (text: string, stream: Stream = 'stdout'): void => {
      const shown = stream === 'stdout' ? inspect.push(text) : text
      if (shown !== '') options.onOutput(shown, stream)
    }
    const stopped = (): void => {
      settleProcesses(view, { stopped: true })
      enter({ kind: 'stopped' })
    }
    try {
      enter({ kind: 'compiling' })
      const files = options.compileFiles(sources)
      if (stopRequested) return stopped()
      enter({ kind: 'starting' })
      await runtime.mount(files)
      if (stopRequested) return stopped()
      handle = await runtime.run('main.js', onOutput)
      enter({ kind: 'running' })
      if (stopRequested) await handle.stop()
      const code = await handle.exit
      if (stopRequested) return stopped()
      settleProcesses(view, { code })
      enter({ kind: 'exited', code })
    } catch (error) {
      settleProcesses(view, { stopped: true })
      enter({ kind: 'failed', message: String((error as Error)?.message ?? error) })
    } finally {
      handle = undefined
    }
  }

  const controller: RunController = {
    get phase() {
      return phase
    },
    get busy() {
      return BUSY.has(phase.kind)
    },
    view,
    run(runtime, sources) {
      if (controller.busy) return current ?? Promise.resolve()
      // Busy from this call on, so that a second Run in the same tick is refused.
      phase = { kind: 'compiling' }
      current = execute(runtime, sources).finally(() => {
        current = undefined
      })
      return current
    },
    async stop() {
      if (!controller.busy) return
      stopRequested = true
      await handle?.stop()
      await current
    },
    async reset() {
      await controller.stop()
      clearView()
      enter({ kind: 'idle' })
    },
  }
  return controller
}
