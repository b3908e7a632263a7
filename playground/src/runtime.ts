import type { Stream } from './output'

/** Files by name (`main.js`, `child.js`), as the reader's code compiled to JavaScript. */
export type Files = Record<string, string>

export interface RunHandle {
  /** Main's exit code; null when it was killed by a signal. */
  readonly exit: Promise<number | null>
  /** Ends main; its children exit with it. */
  stop(): Promise<void>
}

/**
 * Where the playground runs code: a WebContainer in the browser, or the dev
 * server's machine. Mount the files, run a command, stream its output, stop it.
 */
export interface PlaygroundRuntime {
  readonly kind: 'webcontainer' | 'local'
  /** Prepares the runtime; rejects with a `RuntimeUnavailableError` when it cannot. */
  boot(): Promise<void>
  /** Writes the files next to an installed liteyuki-comm, replacing the previous run's. */
  mount(files: Files): Promise<void>
  /**
   * Runs `node <entry>` with child output labelled; `onOutput` gets text as it
   * comes, with its stream where the runtime tells them apart (a terminal does not).
   */
  run(entry: string, onOutput: (text: string, stream?: Stream) => void): Promise<RunHandle>
}

export type UnavailableReason = 'not-isolated' | 'unsupported' | 'offline' | 'timeout' | 'failed' | 'local-unreachable'

export class RuntimeUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'RuntimeUnavailableError'
  }
}

/**
 * The environment every run's main gets: children's lines are labelled
 * `[name] `, and main reports what happens between the processes (inspect.ts).
 */
export const RUN_ENV = { LITEYUKI_COMM_STDIO: 'prefix', LITEYUKI_COMM_INSPECT: '1' } as const
