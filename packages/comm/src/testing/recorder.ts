// A cluster peer for tests of backends: it writes down what it is told.
import type { ClusterPeer } from '../types.js'

const text = new TextEncoder()
const read = new TextDecoder()

export const bytes = (value: string): Uint8Array => text.encode(value)
export const str = (value: Uint8Array | undefined): string | undefined => (value === undefined ? undefined : read.decode(value))

/** A peer that writes down what it is told, frames as text. */
export class Recorder implements ClusterPeer {
  readonly frames: Array<{ from: string; text: string }> = []
  readonly events: string[] = []
  /** The journals taken over from dead nodes, entries as text. */
  readonly inherited: Array<{ node: string; entries: string[] }> = []
  receive(from: string, frame: Uint8Array): void {
    this.frames.push({ from, text: read.decode(frame) })
  }
  joined(node: string): void {
    this.events.push(`joined ${node}`)
  }
  left(node: string, how: 'left' | 'died'): void {
    this.events.push(`${how} ${node}`)
  }
  inherit(node: string, entries: Uint8Array[]): void {
    this.events.push(`inherit ${node}`)
    this.inherited.push({ node, entries: entries.map(entry => read.decode(entry)) })
  }
  /** Frames from `from` whose text starts with `prefix`, in arrival order. */
  from(from: string, prefix: string): string[] {
    return this.frames.filter(f => f.from === from && f.text.startsWith(prefix)).map(f => f.text)
  }
}
