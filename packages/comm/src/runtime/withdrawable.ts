import { CommError, TimeoutError } from '../errors.js'

/**
 * A request under way that its sender can take back while it waits: a `put`
 * waiting for room on a channel, a `lock` waiting for its key. `done` settles
 * with the answer, or rejects with `ERR_CANCELLED` once the request was withdrawn.
 */
export interface Withdrawable<T> {
  done: Promise<T>
  withdraw(): void
}

/** How the side that holds a request refuses it once it was withdrawn; the caller sees its own reason instead. */
export const cancelledError = (message: string): CommError => new CommError('ERR_CANCELLED', message)

/**
 * Waits for a withdrawable request within `timeout` ms and until `signal`
 * aborts: whichever ends the wait first withdraws the request, which then
 * rejects with a `TimeoutError` (`timedOut(timeout)` is its message) or the
 * signal's reason. Withdrawing is a request, not a fact: the answer may have
 * been given meanwhile, and then the wait resolves with it, so a caller never
 * sees a rejection for something that happened (a message sent, a key locked).
 */
export async function awaitWithdrawable<T>(
  request: Withdrawable<T>,
  { timeout, signal }: { timeout?: number | undefined; signal?: AbortSignal | undefined },
  timedOut: (timeout: number) => string,
): Promise<T> {
  let reason: unknown
  const withdraw = (why: unknown): void => {
    if (reason !== undefined) return
    reason = why
    request.withdraw()
  }
  const timer = timeout === undefined ? undefined : setTimeout(() => withdraw(new TimeoutError(timedOut(timeout))), timeout)
  const onAbort = (): void => withdraw(signal!.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    return await request.done
  } catch (error) {
    throw (error as { code?: unknown }).code === 'ERR_CANCELLED' && reason !== undefined ? reason : error
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}
