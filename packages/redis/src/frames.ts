// Frames sent in one tick to one target travel as one stream entry: each
// frame is prefixed with its length, so a batch is one Redis write however
// many frames it holds.

export function encodeBatch(frames: Uint8Array[]): Buffer {
  let size = 0
  for (const frame of frames) size += 4 + frame.byteLength
  const batch = Buffer.allocUnsafe(size)
  let at = 0
  for (const frame of frames) {
    batch.writeUInt32BE(frame.byteLength, at)
    batch.set(frame, at + 4)
    at += 4 + frame.byteLength
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
