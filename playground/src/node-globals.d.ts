// The few Node.js globals the examples and the library's declarations use,
// for the editor only: the code itself runs on real Node.js.
declare namespace NodeJS {
  type ProcessEnv = Record<string, string | undefined>
  type Signals = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP' | (string & {})
  interface Timeout {
    ref(): this
    unref(): this
    hasRef(): boolean
  }
}

declare var process: {
  argv: string[]
  env: NodeJS.ProcessEnv
  pid: number
  platform: string
  version: string
  exitCode: number | undefined
  exit(code?: number): never
  cwd(): string
  on(event: string, listener: (...args: any[]) => void): unknown
  once(event: string, listener: (...args: any[]) => void): unknown
  send?: (message: unknown) => boolean
  stdout: { write(text: string): boolean }
  stderr: { write(text: string): boolean }
}

declare var Buffer: {
  from(data: string | ArrayLike<number>, encoding?: string): Uint8Array & { toString(encoding?: string): string }
  isBuffer(value: unknown): boolean
}
