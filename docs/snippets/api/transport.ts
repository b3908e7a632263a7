import type { Transport } from 'liteyuki-comm'

// #region transport
// The contract, shown as two connected in-memory ends. This is an illustration:
// no public API accepts a Transport yet.
type Frame = Parameters<Transport['send']>[0]

function memoryPair(): [Transport, Transport] {
  const ends = [0, 1].map(() => ({
    queue: [] as Frame[],
    closed: false,
    onFrame: (_frame: Frame): void => {},
    onClose: [] as Array<() => void>,
  }))
  const shut = (i: number): void => {
    const end = ends[i]!
    if (end.closed) return
    end.closed = true
    end.queue = []
    for (const listener of end.onClose.splice(0)) listener() // once
  }
  const make = (i: number): Transport => {
    const self = ends[i]!
    const peer = ends[1 - i]!
    const flush = (callback?: () => void): void => {
      const frames = self.queue.splice(0)
      if (!self.closed) for (const frame of frames) peer.onFrame(frame) // in order
      callback?.()
    }
    return {
      get closed() { return self.closed },
      send(frame) {
        if (self.closed) return // never throws once closed
        self.queue.push(frame)
        if (self.queue.length === 1) queueMicrotask(() => flush()) // batch one tick
      },
      onFrame(listener) { self.onFrame = listener },
      onClose(listener) {
        if (self.closed) listener()
        else self.onClose.push(listener)
      },
      flush,
      close() { shut(0); shut(1) }, // the other side learns it is gone
    }
  }
  return [make(0), make(1)]
}
// #endregion transport

void memoryPair
