import type { InspectEvent } from './inspect'

/**
 * The run as a sequence: each message, publication and shared-memory call as
 * an arrow from its sender to its receivers, and each process's changes of
 * state, in the order main reported them. Main sums a route's messages over
 * each 50 ms batch of its inspection stream, so one arrow may stand for
 * several messages (`count`), redelivered ones counted apart; messages main
 * refused (the channel full, or too large) are arrows of their own.
 */
export type TimelineEntry =
  | { id: number; kind: 'message'; from: string; to: string[]; channel: string; count: number; redelivered: number; payload?: string }
  | { id: number; kind: 'refused'; from: string; to: string[]; channel: string; reason: string; count: number; payload?: string }
  | { id: number; kind: 'publish'; from: string; to: string[]; topic: string; count: number; payload?: string }
  | { id: number; kind: 'store'; from: string; to: string[]; op: 'set' | 'delete'; key: string; payload?: string }
  | { id: number; kind: 'process'; from: string; to: string[]; state: string; code?: number | null; signal?: string | null }

export interface Timeline {
  /** Oldest first; at most `limit` of them. */
  entries: TimelineEntry[]
  /** One lane per process, in the order they first appeared; main first, as the store lives there. */
  lanes: string[]
  /** Entries left out at the start to keep within the limit. */
  dropped: number
}

/** How many entries a timeline keeps: a program flooding a channel must not freeze the page. */
export const TIMELINE_LIMIT = 2_000

export function emptyTimeline(): Timeline {
  return { entries: [], lanes: ['main'], dropped: 0 }
}

/** Adds a batch of the inspection stream to the timeline, in place, dropping the oldest entries beyond `limit`. */
export function appendToTimeline(timeline: Timeline, events: InspectEvent[], limit = TIMELINE_LIMIT): void {
  let id = (timeline.entries.at(-1)?.id ?? timeline.dropped) + 1
  const added: TimelineEntry[] = []
  const lane = (name: string): string => {
    if (!timeline.lanes.includes(name)) timeline.lanes.push(name)
    return name
  }
  for (const event of events) {
    if (event.type === 'messages') {
      added.push({
        id: id++,
        kind: 'message',
        from: lane(event.from),
        to: [lane(event.to)],
        channel: event.channel,
        count: event.count,
        redelivered: event.redelivered ?? 0,
        payload: event.last,
      })
    } else if (event.type === 'refusals') {
      // Main holds the channel, so a refusal is an arrow that ends at main, crossed out.
      added.push({
        id: id++,
        kind: 'refused',
        from: lane(event.from),
        to: [lane('main')],
        channel: event.channel,
        reason: event.reason,
        count: event.count,
        payload: event.last,
      })
    } else if (event.type === 'publish') {
      added.push({
        id: id++,
        kind: 'publish',
        from: lane(event.from),
        to: event.subscribers.map(lane),
        topic: event.topic,
        count: event.count ?? 1,
        payload: event.last ?? event.preview,
      })
    } else if (event.type === 'store') {
      added.push({ id: id++, kind: 'store', from: lane(event.by), to: [lane('main')], op: event.op, key: event.key, payload: event.value })
    } else if (event.type === 'process') {
      added.push({ id: id++, kind: 'process', from: lane(event.name), to: [], state: event.state, code: event.code, signal: event.signal })
    }
  }
  timeline.entries.push(...added)
  const excess = timeline.entries.length - limit
  if (excess > 0) {
    timeline.entries.splice(0, excess)
    timeline.dropped += excess
  }
}
