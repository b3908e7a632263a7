/**
 * Every error the library raises on purpose has a stable `code`, so callers can
 * branch on it without matching message text.
 */
export class CommError extends Error {
  readonly code: string
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** `receive()` on an end with `onReceive` handlers, or the reverse. */
export class ChannelModeError extends CommError {
  constructor(message: string) {
    super('ERR_CHANNEL_MODE', message)
  }
}

export class UnknownChannelError extends CommError {
  readonly channel: string
  constructor(channel: string, known: readonly string[]) {
    const list = known.length > 0 ? known.map(n => `'${n}'`).join(', ') : 'none'
    super('ERR_UNKNOWN_CHANNEL', `No channel named '${channel}' is registered. Known channels: ${list}.`)
    this.channel = channel
  }
}

/** The sender already has `maxQueue` messages on the channel that no receiver has used yet. */
export class ChannelFullError extends CommError {
  readonly channel: string
  constructor(channel: string, maxQueue: number) {
    super(
      'ERR_CHANNEL_FULL',
      `Channel '${channel}' is full: ${maxQueue} message(s) from this sender are waiting to be used by a receiver (maxQueue: ${maxQueue}).`,
    )
    this.channel = channel
  }
}

export class ChannelClosedError extends CommError {
  readonly channel: string
  constructor(channel: string) {
    super('ERR_CHANNEL_CLOSED', `Channel '${channel}' is closed in this process.`)
    this.channel = channel
  }
}

/**
 * A process that a call was waiting on exited before it answered, or (`before`)
 * a receive() began on a channel whose other holders had all left for good.
 */
export class ProcessExitedError extends CommError {
  readonly process: string
  readonly exitCode: number | null
  readonly signal: string | null
  constructor(process: string, what: string, exitCode: number | null = null, signal: string | null = null, before = false) {
    const how = signal ? ` (signal ${signal})` : exitCode !== null ? ` (exit code ${exitCode})` : ''
    super(
      'ERR_PROCESS_EXITED',
      before
        ? `Process '${process}' exited${how} before ${what} began, and no other process holds the channel.`
        : `Process '${process}' exited${how} while ${what} was waiting on it.`,
    )
    this.process = process
    this.exitCode = exitCode
    this.signal = signal
  }
}

/** A main-only API was used in a child, or a child-only API in main. */
/** A message larger than `getBot({ maxMessageBytes })` allows, refused where it was sent. */
export class MessageTooLargeError extends CommError {
  readonly size: number
  readonly limit: number
  constructor(what: string, size: number, limit: number) {
    super(
      'ERR_MESSAGE_TOO_LARGE',
      `${what}: the message is about ${size} bytes encoded, over the limit of ${limit} bytes (maxMessageBytes). Send large data in parts, or raise the limit in main: getBot({ maxMessageBytes }).`,
    )
    this.size = size
    this.limit = limit
  }
}

export class WrongProcessError extends CommError {
  constructor(message: string) {
    super('ERR_WRONG_PROCESS', message)
  }
}

export class TimeoutError extends CommError {
  constructor(message: string) {
    super('ERR_TIMEOUT', message)
  }
}

/** A value the chosen serializer cannot carry across a process boundary. */
export class SerializationError extends TypeError {
  readonly code = 'ERR_UNSERIALIZABLE'
  constructor(message: string) {
    super(message)
    this.name = 'SerializationError'
  }
}

export class ProcessError extends CommError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PROCESS', message, options)
  }
}

/**
 * An update held its key past the lease main gives every lock: main gave the
 * key to the next waiter and does not write the updater's result. `what` is
 * the call, where the process that made it builds the error.
 */
/** A commit for a lock the process does not hold (never had, or committed already). */
export function lockNotHeldError(key: string): CommError {
  return new CommError('ERR_LOCK', `The lock on key '${key}' is not held by this process.`)
}

export function lockExpiredError(key: string, lease: number, what = 'An update'): CommError {
  return new CommError(
    'ERR_LOCK_EXPIRED',
    `${what} held key '${key}' longer than its lease of ${lease} ms, so main gave the key to the next waiter and did not write the updater's result. Keep updaters short, or give updates a longer lease in main: getBot({ updateLease }).`,
  )
}
