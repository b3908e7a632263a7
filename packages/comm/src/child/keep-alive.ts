import type { Transport } from '../types.js'

/**
 * Counts what a child waits for from main: ends that listen, storage calls
 * under way, subscriptions, a restart it asked for. While the count is above
 * zero the transport keeps the process alive; at zero a child whose own code
 * has nothing left to do exits, as a plain Node.js script would.
 */
export class KeepAlive {
  readonly #transport: Pick<Transport, 'ref' | 'unref'>
  #count = 0

  /** Anything that can be referenced and unreferenced will do: a worker thread's bus uses it too. */
  constructor(transport: Pick<Transport, 'ref' | 'unref'>) {
    this.#transport = transport
    transport.unref?.()
  }

  /** Keeps the process alive until the returned function is called (once; later calls do nothing). */
  hold(): () => void {
    if (this.#count++ === 0) this.#transport.ref?.()
    let held = true
    return () => {
      if (!held) return
      held = false
      if (--this.#count === 0) this.#transport.unref?.()
    }
  }
}
