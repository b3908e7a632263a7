// The Node.js globals the examples and the library's declarations use, and
// the common ones a reader reaches for, for the editor only: the code itself
// runs on real Node.js. The editor has no DOM library (lib.esnext alone), as
// Node.js has no DOM; without its 1.9 MB of declarations the type checker
// also starts in less than half the time.
declare namespace NodeJS {
  type ProcessEnv = Record<string, string | undefined>
  type Signals = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP' | (string & {})
  interface Timeout {
    ref(): this
    unref(): this
    hasRef(): boolean
    refresh(): this
    [Symbol.toPrimitive](): number
  }
  interface Immediate {
    ref(): this
    unref(): this
    hasRef(): boolean
  }
}

declare var process: {
  argv: string[]
  env: NodeJS.ProcessEnv
  pid: number
  ppid: number
  platform: string
  version: string
  exitCode: number | undefined
  exit(code?: number): never
  cwd(): string
  uptime(): number
  hrtime: { bigint(): bigint }
  memoryUsage(): { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number }
  nextTick(callback: (...args: any[]) => void, ...args: any[]): void
  on(event: string, listener: (...args: any[]) => void): unknown
  once(event: string, listener: (...args: any[]) => void): unknown
  off(event: string, listener: (...args: any[]) => void): unknown
  send?: (message: unknown) => boolean
  stdout: { write(text: string | Uint8Array): boolean }
  stderr: { write(text: string | Uint8Array): boolean }
}

declare var Buffer: {
  from(data: string | ArrayLike<number>, encoding?: string): Uint8Array & { toString(encoding?: string): string }
  isBuffer(value: unknown): boolean
}

interface Console {
  assert(condition?: boolean, ...data: any[]): void
  count(label?: string): void
  debug(...data: any[]): void
  dir(item?: any, options?: any): void
  error(...data: any[]): void
  group(...data: any[]): void
  groupEnd(): void
  info(...data: any[]): void
  log(...data: any[]): void
  table(tabularData?: any, properties?: string[]): void
  time(label?: string): void
  timeEnd(label?: string): void
  timeLog(label?: string, ...data: any[]): void
  trace(...data: any[]): void
  warn(...data: any[]): void
}
declare var console: Console

// As @types/node: a `resolve` of a Promise<void> is called with nothing.
declare function setTimeout(callback: (args: void) => void, ms?: number): NodeJS.Timeout
declare function setTimeout<TArgs extends any[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): NodeJS.Timeout
declare function setInterval(callback: (args: void) => void, ms?: number): NodeJS.Timeout
declare function setInterval<TArgs extends any[]>(callback: (...args: TArgs) => void, ms?: number, ...args: TArgs): NodeJS.Timeout
declare function setImmediate(callback: (args: void) => void): NodeJS.Immediate
declare function setImmediate<TArgs extends any[]>(callback: (...args: TArgs) => void, ...args: TArgs): NodeJS.Immediate
declare function clearTimeout(timeout: NodeJS.Timeout | string | number | undefined): void
declare function clearInterval(interval: NodeJS.Timeout | string | number | undefined): void
declare function clearImmediate(immediate: NodeJS.Immediate | undefined): void
declare function queueMicrotask(callback: () => void): void
declare function structuredClone<T>(value: T, options?: { transfer?: any[] }): T

interface ImportMeta {
  /** The module's `file:` URL. */
  url: string
  /** The module's folder (Node.js 20.11+). */
  dirname: string
  /** The module's path (Node.js 20.11+). */
  filename: string
  resolve(specifier: string): string
}

declare class URLSearchParams implements Iterable<[string, string]> {
  constructor(init?: string | Record<string, string> | Iterable<[string, string]>)
  readonly size: number
  append(name: string, value: string): void
  delete(name: string, value?: string): void
  get(name: string): string | null
  getAll(name: string): string[]
  has(name: string, value?: string): boolean
  set(name: string, value: string): void
  sort(): void
  toString(): string
  entries(): IterableIterator<[string, string]>
  keys(): IterableIterator<string>
  values(): IterableIterator<string>
  forEach(callback: (value: string, key: string, parent: URLSearchParams) => void): void
  [Symbol.iterator](): IterableIterator<[string, string]>
}

declare class URL {
  constructor(input: string | URL, base?: string | URL)
  static canParse(input: string, base?: string): boolean
  hash: string
  host: string
  hostname: string
  href: string
  readonly origin: string
  password: string
  pathname: string
  port: string
  protocol: string
  search: string
  readonly searchParams: URLSearchParams
  username: string
  toString(): string
  toJSON(): string
}

declare class AbortSignal {
  static abort(reason?: any): AbortSignal
  static timeout(milliseconds: number): AbortSignal
  static any(signals: AbortSignal[]): AbortSignal
  readonly aborted: boolean
  readonly reason: any
  onabort: ((event: any) => void) | null
  throwIfAborted(): void
  addEventListener(type: 'abort', listener: (event: any) => void, options?: { once?: boolean }): void
  removeEventListener(type: 'abort', listener: (event: any) => void): void
}

declare class AbortController {
  readonly signal: AbortSignal
  abort(reason?: any): void
}

declare class TextEncoder {
  readonly encoding: string
  encode(input?: string): Uint8Array
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean })
  readonly encoding: string
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string
}

declare var performance: { now(): number; readonly timeOrigin: number }
