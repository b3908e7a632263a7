// Types of redis-server.mjs, which the tests and the benchmark share.
export interface RedisServer {
  readonly url: string
  readonly port: number
  /** Kills the server at once (SIGKILL): only what it had written to disk survives. */
  kill(): Promise<void>
  /** Starts it again on the same port and folder. */
  start(): Promise<void>
  /** Stops it and removes its folder. */
  close(): Promise<void>
}

/**
 * `persist: true` writes every change to the append-only file before
 * answering (`appendfsync always`), so a killed server loses nothing it
 * acknowledged; otherwise nothing is written to disk. `args`: more options.
 */
export function startRedis(options?: { persist?: boolean; args?: string[] }): Promise<RedisServer>

export interface Sentinels {
  readonly addresses: Array<{ host: string; port: number }>
  close(): Promise<void>
}

/** Sentinels watching the primary on `primaryPort`, with a quorum of a majority. */
export function startSentinels(primaryPort: number, options?: { count?: number; name?: string; downAfter?: number }): Promise<Sentinels>
