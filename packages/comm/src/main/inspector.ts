import { inspect as formatValue } from 'node:util'
import type { InspectEvent, Unsubscribe } from '../types.js'

const PREVIEW_CHARS = 200

/** A short, readable rendering of a value for debugging tools; never the value itself. */
export function preview(value: unknown): string {
  const text = formatValue(value, { depth: 3, breakLength: Number.POSITIVE_INFINITY, maxArrayLength: 20, maxStringLength: PREVIEW_CHARS })
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text
}

/**
 * What `bot.inspect()` listens to. Off (no listener), each place that could
 * report costs one property read; the events and their previews are only made
 * while someone listens.
 */
export class Inspector {
  readonly #listeners = new Set<(event: InspectEvent) => void>()
  active = false

  listen(listener: (event: InspectEvent) => void): Unsubscribe {
    this.#listeners.add(listener)
    this.active = true
    return () => {
      this.#listeners.delete(listener)
      this.active = this.#listeners.size > 0
    }
  }

  emit(event: InspectEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event)
      } catch {
        // A debugging aid must never break what it watches.
      }
    }
  }
}

/** The environment switch the playground turns on: `LITEYUKI_COMM_INSPECT=1`. */
export const INSPECT_ENV = 'LITEYUKI_COMM_INSPECT'
/** Events reach stdout as an OSC escape sequence, which terminals do not show: ESC ] 7719 ; JSON BEL. */
export const INSPECT_OSC = 7719
const BATCH_MS = 50

type Summed =
  | { type: 'messages'; channel: string; from: string; to: string; count: number; last: string; redelivered: number }
  | { type: 'refusals'; channel: string; from: string; reason: string; count: number; last: string }
type Batched = Exclude<InspectEvent, { type: 'message' | 'refused' }> | Summed

/** Where a message or refusal is summed within a batch: one entry per route, or per sender and reason. */
function summed(event: Extract<InspectEvent, { type: 'message' | 'refused' }>): { key: string; entry: Summed } {
  if (event.type === 'message') {
    const { channel, from, to } = event
    return { key: `m\u0000${channel}\u0000${from}\u0000${to}`, entry: { type: 'messages', channel, from, to, count: 0, last: '', redelivered: 0 } }
  }
  const { channel, from, reason } = event
  return { key: `r\u0000${channel}\u0000${from}\u0000${reason}`, entry: { type: 'refusals', channel, from, reason, count: 0, last: '' } }
}

/**
 * Writes inspection events to `write` at most once per 50 ms. Messages are
 * summed per route, with the latest payload and how many of them were
 * redelivered, and refusals per sender and reason, so a busy channel costs
 * one entry per batch however many messages it carries or refuses.
 */
export function streamInspection(inspector: Inspector, write: (chunk: string) => void): Unsubscribe {
  let batch: Batched[] = []
  const routes = new Map<string, Summed>()
  let timer: NodeJS.Timeout | undefined
  const flush = (): void => {
    timer = undefined
    if (batch.length === 0) return
    const events = batch
    batch = []
    routes.clear()
    write(`\u001B]${INSPECT_OSC};${JSON.stringify(events)}\u0007`)
  }
  const stop = inspector.listen(event => {
    if (event.type === 'message' || event.type === 'refused') {
      const { key, entry } = summed(event)
      let route = routes.get(key)
      if (!route) {
        routes.set(key, (route = entry))
        batch.push(route)
      }
      route.count++
      route.last = event.preview
      if (route.type === 'messages' && event.type === 'message' && event.redelivered) route.redelivered++
    } else {
      batch.push(event)
    }
    timer ??= setTimeout(flush, BATCH_MS).unref()
  })
  // The last events of a run must not be lost when main exits.
  process.once('exit', flush)
  return () => {
    flush()
    stop()
    clearTimeout(timer)
    process.off('exit', flush)
  }
}
