// Frames sent in one tick to one target travel as one stream entry: each
// frame is prefixed with its length, so a batch is one Redis write however
// many frames it holds.

/** A string goes in as UTF-8, so that a caller packing names need not make a Buffer of each. */
export function encodeBatch(frames: ReadonlyArray<Uint8Array | string>): Buffer {
  let size = 0
  for (const frame of frames) size += 4 + (typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength)
  const batch = Buffer.allocUnsafe(size)
  let at = 0
  for (const frame of frames) {
    const length = typeof frame === 'string' ? batch.write(frame, at + 4) : (batch.set(frame, at + 4), frame.byteLength)
    batch.writeUInt32BE(length, at)
    at += 4 + length
  }
  return batch
}

/** Views into `batch`, which each read from Redis allocates anew, so nothing copies them. */
export function decodeBatch(batch: Buffer): Uint8Array[] {
  const frames: Uint8Array[] = []
  for (let at = 0; at + 4 <= batch.length;) {
    const size = batch.readUInt32BE(at)
    frames.push(batch.subarray(at + 4, at + 4 + size))
    at += 4 + size
  }
  return frames
}
