import { ENVELOPE_KEY, PROTOCOL_VERSION, isEnvelope, type Envelope, type Frame } from './protocol.js'
import type { Transport } from './types.js'

/** What `ChildProcess` (in main) and `process` (in a child) have in common. */
export interface IpcEndpoint {
  send?(message: object, callback: (error: Error | null) => void): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'disconnect', listener: () => void): unknown
  readonly connected?: boolean
  disconnect?(): void
}

/**
 * Frames sent in one turn of the event loop leave as one IPC message: each
 * `process.send` costs a write and a parse, so batching is what lets channels
 * beat raw `process.send` on small messages. A cap keeps single writes bounded.
 */
const MAX_BATCH = 512

export function createIpcTransport(endpoint: IpcEndpoint): Transport {
  let queue: Frame[] = []
  let scheduled = false
  let closed = false
  let frameListener: (frame: Frame) => void = () => {}
  const closeListeners: Array<() => void> = []

  const write = (frames: Frame[], callback?: () => void): void => {
    const envelope: Envelope = { [ENVELOPE_KEY]: PROTOCOL_VERSION, f: frames }
    try {
      endpoint.send!(envelope, () => callback?.())
    } catch {
      // The other side is gone; 'disconnect' reports it.
      callback?.()
    }
  }

  const flushQueue = (callback?: () => void): void => {
    scheduled = false
    if (closed || !endpoint.connected) {
      queue = []
      callback?.()
      return
    }
    const frames = queue
    queue = []
    if (frames.length > 0 || callback) write(frames, callback)
  }

  const close = (): void => {
    if (closed) return
    closed = true
    queue = []
    for (const listener of closeListeners.splice(0)) listener()
  }

  endpoint.on('message', (message) => {
    if (closed || !isEnvelope(message)) return
    for (const frame of message.f) {
      try {
        frameListener(frame)
      } catch (error) {
        // A frame that cannot be handled must not take the process down.
        console.error('[liteyuki-comm] failed to handle a frame:', error)
      }
    }
  })
  endpoint.on('disconnect', close)

  return {
    get closed() { return closed },
    send(frame) {
      if (closed) return
      queue.push(frame)
      if (queue.length >= MAX_BATCH) flushQueue()
      else if (!scheduled) {
        scheduled = true
        queueMicrotask(flushQueue)
      }
    },
    onFrame(listener) { frameListener = listener },
    onClose(listener) {
      if (closed) listener()
      else closeListeners.push(listener)
    },
    flush(callback) { flushQueue(callback) },
    close() {
      if (!closed && endpoint.connected) endpoint.disconnect?.()
      close()
    },
  }
}
