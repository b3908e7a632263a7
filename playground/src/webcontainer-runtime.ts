import type { FileSystemTree } from '@webcontainer/api'
import { libraryCode, libraryPackageJson } from './library-files'
import { RUN_ENV, RuntimeUnavailableError, type Files, type PlaygroundRuntime } from './runtime'
import { createStreamSplitter, STDERR_PRELOAD } from './stderr-marks'

/** The part of `@webcontainer/api` the playground uses. */
export interface WebContainerModule {
  WebContainer: {
    boot(options: { coep: 'require-corp'; workdirName: string }): Promise<WebContainerInstance>
  }
}

export interface WebContainerInstance {
  mount(tree: FileSystemTree): Promise<void>
  spawn(
    command: string,
    args: string[],
    options?: { env?: Record<string, string> },
  ): Promise<{
    /** A terminal's output: stdout and stderr of the process and its descendants, lines ending in \r\n. */
    output: ReadableStream<string>
    exit: Promise<number>
    /** Kills this one process, not its descendants. */
    kill(): void
  }>
  fs: { rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void> }
  /** Internal errors of the container; the listener's return ends listening. */
  on(event: 'error', listener: (error: { message: string }) => void): () => void
}

// The real module must satisfy the part the playground uses: if the API changes
// under us, this line stops compiling rather than the fake silently drifting.
const loadReal = (): Promise<WebContainerModule> => import('@webcontainer/api')

export interface WebContainerRuntimeOptions {
  /** Loads `@webcontainer/api`; tests pass a fake that follows its API. */
  load?: () => Promise<WebContainerModule>
  /** `boot()` waits forever when StackBlitz is out of reach: this bounds it. */
  bootTimeout?: number
  /** Whether the page is cross-origin isolated, as WebContainer requires. */
  isolated?: () => boolean
  /**
   * Whether StackBlitz's servers answer. Offline, `boot()` would wait for ever
   * although the lookup failed at once; this finds out in that same instant.
   */
  reachable?: () => Promise<boolean>
}

/**
 * The page `boot()` loads in its iframe. It is served with CORP: cross-origin
 * (an isolated page could not embed it otherwise), so a no-cors request of it
 * succeeds online even from this isolated page, and fails at once offline.
 */
const BOOT_PAGE = 'https://stackblitz.com/headless'

async function stackBlitzAnswers(): Promise<boolean> {
  try {
    await fetch(BOOT_PAGE, { mode: 'no-cors', cache: 'no-store' })
    return true
  } catch {
    return false
  }
}

/** Runs code in a WebContainer: real Node.js, in the browser. Booted once per page. */
export function createWebContainerRuntime(options: WebContainerRuntimeOptions = {}): PlaygroundRuntime {
  const load = options.load ?? loadReal
  const bootTimeout = options.bootTimeout ?? 20_000
  const isolated = options.isolated ?? (() => globalThis.crossOriginIsolated === true)
  const reachable = options.reachable ?? stackBlitzAnswers
  // The boot itself, kept across timeouts: a page may boot only once, and a
  // slow boot that finishes after the limit is still the one to use.
  let booting: Promise<WebContainerInstance> | undefined
  let instance: WebContainerInstance | undefined
  let mounted: string[] = []

  const container = (): WebContainerInstance => {
    if (!instance) throw new RuntimeUnavailableError('failed', 'The WebContainer has not been booted.')
    return instance
  }

  return {
    kind: 'webcontainer',
    async boot() {
      if (!isolated()) {
        throw new RuntimeUnavailableError('not-isolated', 'This page is not cross-origin isolated, which WebContainers need.')
      }
      if (typeof SharedArrayBuffer === 'undefined') {
        throw new RuntimeUnavailableError('unsupported', 'This browser has no SharedArrayBuffer, which WebContainers need.')
      }
      if (!booting && !instance && !(await reachable())) {
        throw new RuntimeUnavailableError('offline', "StackBlitz's servers, which WebContainers boot from, cannot be reached.")
      }
      booting ??= load().then(api => api.WebContainer.boot({ coep: 'require-corp', workdirName: 'playground' }))
      // A failed boot may be tried again; one still under way is waited for again.
      booting.catch(() => {
        booting = undefined
      })
      instance = await withTimeout(booting, bootTimeout)
    },
    async mount(files) {
      const wc = container()
      // Files of the previous example that this one does not have would only confuse.
      for (const name of mounted.filter(name => !(name in files))) await wc.fs.rm(name, { force: true })
      await wc.mount(fileTree(files))
      mounted = Object.keys(files)
    },
    async run(entry, onOutput) {
      const wc = container()
      // Main marks its stderr, and its children's, in the terminal's one stream: see stderr-marks.ts.
      const process = await wc.spawn('node', ['--require', STDERR_PRELOAD_PATH, entry], { env: { ...RUN_ENV } })
      const streams = createStreamSplitter(onOutput)
      const piped = process.output
        .pipeTo(new WritableStream({ write: chunk => streams.push(chunk) }))
        .catch(() => {})
        .finally(() => streams.end())
      // An internal error of the container ends the run with its message, rather than leaving it hanging.
      let unsubscribe = (): void => {}
      const failed = new Promise<never>((_, reject) => {
        unsubscribe = wc.on('error', error => reject(new Error(`The WebContainer reported an error: ${error.message}`)))
      })
      return {
        // The last lines may still be on their way when the exit code is known.
        exit: Promise.race([
          process.exit.then(async code => {
            await Promise.race([piped, delay(OUTPUT_GRACE)])
            return code
          }),
          failed,
        ]).finally(unsubscribe),
        // Main only: liteyuki-comm's children exit by themselves when main is gone.
        stop: async () => process.kill(),
      }
    },
  }
}

/** The reader's files next to node_modules/liteyuki-comm, built from the package's own dist, and the stderr preload. */
export function fileTree(files: Files): FileSystemTree {
  const file = (contents: string) => ({ file: { contents } })
  // The build's folders become nested directory entries, as mount() expects.
  const esm: FileSystemTree = {}
  for (const [path, code] of Object.entries(libraryCode)) {
    const parts = path.split('/')
    let dir = esm
    for (const part of parts.slice(0, -1)) {
      const entry = (dir[part] ??= { directory: {} }) as { directory: FileSystemTree }
      dir = entry.directory
    }
    dir[parts.at(-1)!] = file(code)
  }
  return {
    'package.json': file('{ "type": "module" }\n'),
    ...Object.fromEntries(Object.entries(files).map(([name, code]) => [name, file(code)])),
    node_modules: {
      directory: {
        'liteyuki-comm': {
          directory: {
            'package.json': file(libraryPackageJson),
            dist: { directory: { esm: { directory: esm } } },
          },
        },
        '.playground': { directory: { 'mark-stderr.cjs': file(STDERR_PRELOAD) } },
      },
    },
  }
}

/** Where fileTree() puts the stderr preload: beside the installed library, out of the reader's files. */
const STDERR_PRELOAD_PATH = './node_modules/.playground/mark-stderr.cjs'

/** How long output may trail the exit: descendants can hold the terminal open. */
const OUTPUT_GRACE = 1_000

const delay = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RuntimeUnavailableError('timeout', `The WebContainer did not boot within ${ms / 1000} s.`)), ms)
    promise.then(
      value => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(new RuntimeUnavailableError('failed', `The WebContainer failed to boot: ${String((error as Error)?.message ?? error)}`, { cause: error }))
      },
    )
  })
}
