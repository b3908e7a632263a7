import { MessageTooLargeError } from '../errors.js'
import { globalState } from '../runtime/runtime.js'

/**
 * The largest message any process may send by default: one value must not
 * fill main's memory, which holds every message until it is used (and fork
 * IPC holds a whole message in memory, twice, to parse it). Equal to the
 * bytes an end's window holds, so a message never outgrows a window.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024

/** Below this, no limit is allowed: a message's frame alone takes a few dozen bytes. */
export const MIN_MESSAGE_LIMIT = 1024

/** `getBot({ maxMessageBytes })`; in a child, main's value, which it passes when it starts the child. */
export function messageLimit(): number {
  return globalState().maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES
}

/** Refuses, where it is sent, a value larger than the limit. Small values cost one comparison. */
export function assertMessageSize(size: number, what: string): void {
  if (size < MIN_MESSAGE_LIMIT) return
  const limit = messageLimit()
  if (size > limit) throw new MessageTooLargeError(what, size, limit)
}
