// An in-memory transport pair: what a transport promises (ordered frames,
// batching within a macrotask, close on both sides), with nothing between.
import type { Frame } from '../protocol/frames.js'
import type { Transport } from '../types.js'

/**
 * Two connected transports. The frames sent in one macrotask cross together
 * as JSON, a tick later, in order, as over fork IPC, and the last of them can
 * grow until then (`extend`); `close()` on either side closes both.
 */
export interface MemorySide extends Transport {
  peer?: MemorySide
  /** Every frame that crossed from this side, as it crossed. */
  readonly shipped: Frame[]
  deliver(json: string): void
  shut(): void
}

export function memoryTransportPair(): [MemorySide, MemorySide] {
  const make = (): MemorySide => {
    let listener: (frame: Frame) => void = () => {}
    const closeListeners: Array<() => void> = []
    let closed = false
    let queue: Frame[] = []
    const ship = (): void => {
      const frames = queue
      queue = []
      if (closed) return
      side.shipped.push(...(JSON.parse(JSON.stringify(frames)) as Frame[]))
      side.peer?.deliver(JSON.stringify(frames))
    }
    const side: MemorySide = {
      shipped: [],
      get closed() {
        return closed
      },
      send(frame: Frame) {
        if (closed) return
        queue.push(frame)
        if (queue.length === 1) setImmediate(ship)
      },
      extend(frame: Frame) {
        return !closed && queue.at(-1) === frame
      },
      onFrame(l: (frame: Frame) => void) {
        listener = l
      },
      onClose(l: () => void) {
        if (closed) l()
        else closeListeners.push(l)
      },
      flush(callback?: () => void) {
        setImmediate(() => callback?.())
      },
      close() {
        side.shut()
        side.peer?.shut()
      },
      deliver(json: string) {
        for (const frame of JSON.parse(json) as Frame[]) if (!closed) listener(frame)
      },
      shut() {
        if (closed) return
        closed = true
        for (const l of closeListeners.splice(0)) l()
      },
    }
    return side
  }
  const a = make()
  const b = make()
  a.peer = b
  b.peer = a
  return [a, b]
}
