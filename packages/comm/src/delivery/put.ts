import { CommError, TimeoutError } from '../errors.js'
import type { PutOptions } from '../types.js'

/** A put under way: `done` settles once main accepted the message, or rejects with `ERR_CANCELLED` once it withdrew it. */
export interface PendingPut {
  done: Promise<unknown>
  withdraw(): void
}

export const cancelledError = (): CommError => new CommError('ERR_CANCELLED', 'The put was withdrawn before the channel had room.')

/**
 * Applies `timeout` and `signal` to a put. Withdrawing is a request, not a
 * fact: the message may have been accepted meanwhile, and then the put
 * resolves, so a caller never sees a rejection for a message that was sent.
 */
export function awaitPut(put: PendingPut, { timeout, signal }: PutOptions, what: string): Promise<void> {
  let reason: unknown
  const withdraw = (why: unknown): void => {
    if (reason !== undefined) return
    reason = why
    put.withdraw()
  }
  const timer = timeout === undefined ? undefined : setTimeout(() => withdraw(new TimeoutError(`${what} found no room within ${timeout} ms.`)), timeout)
  const onAbort = (): void => withdraw(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  const cleanup = (): void => {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  return put.done.then(
    () => cleanup(),
    (error: unknown) => {
      cleanup()
      throw (error as { code?: unknown }).code === 'ERR_CANCELLED' && reason !== undefined ? reason : error
    },
  )
}
