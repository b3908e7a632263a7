import { ENVELOPE_KEY, PROTOCOL_VERSION, isEnvelope, otherVersion, type Envelope, type Frame } from '../protocol/frames.js'
import { reportOnce } from '../runtime/report.js'
import type { Transport, TransportFactory } from '../types.js'

/** The default transport: the IPC channel `child_process.fork` opens, which the child finds on its own. */
export const ipcTransport: TransportFactory = {
  open: () => ({ connect: child => createIpcTransport(child) }),
}

/** What `ChildProcess` (in main) and `process` (in a child) have in common. */
export interface IpcEndpoint {
  send?(message: object, callback?: (error: Error | null) => void): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'disconnect', listener: () => void): unknown
  on(event: 'newListener' | 'removeListener', listener: (event: string | symbol) => void): unknown
  listenerCount(event: 'message'): number
  readonly connected?: boolean
  /** The IPC pipe; whether it keeps the process alive is what `ref`/`unref` change. */
  readonly channel?: { ref(): void; unref(): void } | null | undefined
  disconnect?(): void
}

/**
 * Frames sent in one turn of the event loop leave as one IPC message: each
 * `process.send` costs a write and a parse, so batching is what lets channels
 * beat raw `process.send` on small messages. Batching large payloads together
 * only builds huge strings, so a batch also has a byte budget. The bound on
 * frames counts what `extend` added to a frame too: it bounds the messages of
 * a batch, however they are grouped.
 */
const MAX_BATCH_FRAMES = 512
const MAX_BATCH_BYTES = 64 * 1024

/**
 * Incoming batches being handled, over every IPC transport of the process.
 * What handling them sends (main passing a child's messages on to another
 * child, the messages an acknowledgement lets through) waits until they are
 * handled and leaves together, instead of a first frame alone and the rest a
 * moment later.
 */
let handling = 0
const afterHandling = new Set<() => void>()

function handled(): void {
  if (--handling > 0) return
  const flushes = [...afterHandling]
  afterHandling.clear()
  for (const flush of flushes) flush()
}

export function createIpcTransport(endpoint: IpcEndpoint): Transport {
  let queue: Frame[] = []
  /** Frames in `queue`, counting each extension as one. */
  let queuedFrames = 0
  let queuedBytes = 0
  let burst = false
  /** Frames wait in `afterHandling` for the incoming batches to be handled. */
  let corked = false
  let closed = false
  let frameListener: (frame: Frame) => void = () => {}
  const closeListeners: Array<() => void> = []

  const write = (frames: Frame[], callback?: () => void): void => {
    const envelope: Envelope = { [ENVELOPE_KEY]: PROTOCOL_VERSION, f: frames }
    try {
      // Always with a callback: without one, a write to a process that just
      // exited (EPIPE) becomes an 'error' event that nobody expects.
      endpoint.send!(envelope, () => callback?.())
    } catch {
      // The other side is gone; 'disconnect' reports it.
      callback?.()
    }
  }

  /** Empties the queue and returns what it held. */
  const takeQueue = (): Frame[] => {
    const frames = queue
    queue = []
    queuedFrames = 0
    queuedBytes = 0
    return frames
  }

  const flushQueue = (callback?: () => void): void => {
    const frames = takeQueue()
    if (closed || !endpoint.connected) {
      callback?.()
      return
    }
    if (frames.length > 0 || callback) write(frames, callback)
  }

  const endBurst = (): void => {
    burst = false
    flushQueue()
  }

  const uncork = (): void => {
    corked = false
    flushQueue()
  }

  const close = (): void => {
    if (closed) return
    closed = true
    takeQueue()
    for (const listener of closeListeners.splice(0)) listener()
  }

  endpoint.on('message', message => {
    if (closed) return
    if (!isEnvelope(message)) {
      // Foreign messages are the user's own IPC; one of another version would otherwise look like a hang.
      const version = otherVersion(message)
      if (version !== undefined) {
        reportOnce(
          'a message of another liteyuki-comm version arrived over IPC',
          `it speaks protocol ${JSON.stringify(version)}, this process ${PROTOCOL_VERSION}. Main and its children must load the same liteyuki-comm version; the message was dropped`,
        )
      }
      return
    }
    handling++
    try {
      for (const frame of message.f) {
        try {
          frameListener(frame)
        } catch (error) {
          // A frame that cannot be handled must not take the process down.
          console.error('[liteyuki-comm] failed to handle a frame:', error)
        }
      }
    } finally {
      handled()
    }
  })
  endpoint.on('disconnect', close)

  // Node.js lets an IPC pipe with a 'message' listener keep the process alive;
  // this transport's own listener must not, or a child would never exit by
  // itself. Someone else's listener (raw IPC next to the library) still does.
  let keepAlive: boolean | undefined
  const applyRef = (): void => {
    if (keepAlive === undefined) return
    const othersListen = endpoint.listenerCount('message') > 1
    if (keepAlive || othersListen) endpoint.channel?.ref()
    else endpoint.channel?.unref()
  }
  const setKeepAlive = (value: boolean): void => {
    if (keepAlive === undefined) {
      const changed = (event: string | symbol): void => {
        if (event === 'message') queueMicrotask(applyRef)
      }
      endpoint.on('newListener', changed)
      endpoint.on('removeListener', changed)
    }
    keepAlive = value
    applyRef()
  }

  return {
    get closed() {
      return closed
    },
    send(frame, size = 0) {
      if (closed) return
      if (size >= MAX_BATCH_BYTES && queue.length > 0) flushQueue()
      queue.push(frame)
      queuedFrames++
      queuedBytes += size
      if (queuedFrames >= MAX_BATCH_FRAMES || queuedBytes >= MAX_BATCH_BYTES) {
        flushQueue()
      } else if (handling > 0) {
        if (!corked) {
          corked = true
          afterHandling.add(uncork)
        }
      } else if (!burst) {
        // A lone frame (a reply, a ping) leaves at once; what follows in the same tick batches.
        burst = true
        queueMicrotask(endBurst)
        flushQueue()
      }
    },
    extend(frame, size) {
      if (queue.length === 0 || queue[queue.length - 1] !== frame) return false
      // Full: the batch leaves, and what comes next starts a frame of the next one.
      if (queuedFrames >= MAX_BATCH_FRAMES || queuedBytes + size >= MAX_BATCH_BYTES) {
        flushQueue()
        return false
      }
      queuedFrames++
      queuedBytes += size
      return true
    },
    onFrame(listener) {
      frameListener = listener
    },
    onClose(listener) {
      if (closed) listener()
      else closeListeners.push(listener)
    },
    flush(callback) {
      flushQueue(callback)
    },
    ref() {
      setKeepAlive(true)
    },
    unref() {
      setKeepAlive(false)
    },
    close() {
      if (!closed && endpoint.connected) endpoint.disconnect?.()
      close()
    },
  }
}
