import type { FileSystemTree } from '@webcontainer/api'
import { libraryCode, libraryPackageJson } from './library-files'
import { RUN_ENV, RuntimeUnavailableError, type Files, type PlaygroundRuntime } from './runtime'

/** The part of `@webcontainer/api` the playground uses. */
export interface WebContainerModule {
  WebContainer: {
    boot(options: { coep: 'require-corp'; workdirName: string }): Promise<WebContainerInstance>
  }
}

export interface WebContainerInstance {
  mount(tree: FileSystemTree): Promise<void>
  spawn(command: string, args: string[], options?: { env?: Record<string, string> }): Promise<{
    output: ReadableStream<string>
    exit: Promise<number>
    kill(): void
  }>
  fs: { rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void> }
}

export interface WebContainerRuntimeOptions {
  /** Loads `@webcontainer/api`; tests pass a fake that follows its API. */
  load?: () => Promise<WebContainerModule>
  /** `boot()` waits forever when StackBlitz is out of reach: this bounds it. */
  bootTimeout?: number
  /** Whether the page is cross-origin isolated, as WebContainer requires. */
  isolated?: () => boolean
}

/** Runs code in a WebContainer: real Node.js, in the browser. Booted once per page. */
export function createWebContainerRuntime(options: WebContainerRuntimeOptions = {}): PlaygroundRuntime {
  const load = options.load ?? (() => import('@webcontainer/api') as Promise<WebContainerModule>)
  const bootTimeout = options.bootTimeout ?? 30_000
  const isolated = options.isolated ?? (() => globalThis.crossOriginIsolated === true)
  let instance: Promise<WebContainerInstance> | undefined
  let mounted: string[] = []

  const container = (): Promise<WebContainerInstance> => {
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
      instance ??= withTimeout(
        load().then(api => api.WebContainer.boot({ coep: 'require-corp', workdirName: 'playground' })),
        bootTimeout,
      )
      await instance
    },
    async mount(files) {
      const wc = await container()
      // Files of the previous example that this one does not have would only confuse.
      for (const name of mounted.filter(name => !(name in files))) await wc.fs.rm(name, { force: true })
      await wc.mount(fileTree(files))
      mounted = Object.keys(files)
    },
    async run(entry, onOutput) {
      const wc = await container()
      const process = await wc.spawn('node', [entry], { env: { ...RUN_ENV } })
      void process.output.pipeTo(new WritableStream({ write: chunk => onOutput(chunk) })).catch(() => {})
      return {
        exit: process.exit,
        stop: async () => process.kill(),
      }
    },
  }
}

/** The reader's files next to node_modules/liteyuki-comm, built from the package's own dist. */
export function fileTree(files: Files): FileSystemTree {
  const file = (contents: string) => ({ file: { contents } })
  const esm = Object.fromEntries(Object.entries(libraryCode).map(([name, code]) => [name, file(code)]))
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
      },
    },
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RuntimeUnavailableError('timeout', `The WebContainer did not boot within ${ms / 1000} s.`)), ms)
    promise.then(
      (value) => { clearTimeout(timer); resolve(value) },
      (error: unknown) => { clearTimeout(timer); reject(new RuntimeUnavailableError('failed', `The WebContainer failed to boot: ${String((error as Error)?.message ?? error)}`, { cause: error })) },
    )
  })
}
