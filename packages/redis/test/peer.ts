import type { ClusterPeer } from 'liteyuki-comm'

const decoder = new TextDecoder()

/** A peer that writes down what it is told, frames as text. */
export class Recorder implements ClusterPeer {
  readonly frames: Array<{ from: string; text: string }> = []
  readonly events: string[] = []
  receive(from: string, frame: Uint8Array): void {
    this.frames.push({ from, text: decoder.decode(frame) })
  }
  joined(node: string): void {
    this.events.push(`joined ${node}`)
  }
  left(node: string, how: 'left' | 'died'): void {
    this.events.push(`${how} ${node}`)
  }
}

export const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
