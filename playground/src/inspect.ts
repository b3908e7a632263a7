/**
 * The inspection stream of a main process run with LITEYUKI_COMM_INSPECT=1:
 * batches of events on its stdout as `ESC ] 7719 ; <JSON array> BEL`, an OSC
 * sequence that terminals ignore. This takes them out of the output and keeps
 * the picture they draw: processes, channel routes, the store, publications.
 */

export type ProcessState = 'starting' | 'running' | 'stopping' | 'stopped' | 'exited' | 'crashed'

export type InspectEvent =
  | { type: 'process'; name: string; state: ProcessState; pid?: number; code?: number | null; signal?: string | null }
  | { type: 'channel'; name: string; holders: string[] }
  | { type: 'messages'; channel: string; from: string; to: string; count: number; last?: string; redelivered?: number }
  // Messages main refused, summed per sender and reason: 'full' (the channel's maxQueue) or 'too-large' (maxMessageBytes).
  | { type: 'refusals'; channel: string; from: string; reason: string; count: number; last?: string }
  | { type: 'store'; op: 'set' | 'delete'; key: string; by: string; value?: string }
  // The library writes a publication's payload as `preview`, one event per publication.
  | { type: 'publish'; topic: string; from: string; count?: number; last?: string; preview?: string; subscribers: string[] }

export interface ProcessView {
  name: string
  state: ProcessState
  pid?: number
  code?: number | null
  signal?: string | null
  /** Times it started again after it had ended. */
  restarts: number
}

export interface RouteView {
  channel: string
  from: string
  to: string
  count: number
  /** The latest payloads, newest first. */
  recent: string[]
}

export interface StoreEntry {
  key: string
  value?: string
  by: string
  deleted: boolean
}

export interface PublicationView {
  id: number
  topic: string
  from: string
  count: number
  last?: string
  subscribers: string[]
}

export interface Inspection {
  processes: ProcessView[]
  channels: Array<{ name: string; holders: string[] }>
  routes: RouteView[]
  store: StoreEntry[]
  publications: PublicationView[]
}

const OSC_START = '\u001B]7719;'
const BEL = '\u0007'
/** How many payloads a route keeps, and how many publications the list shows. */
const RECENT = 5
const PUBLICATIONS = 50

export function emptyInspection(): Inspection {
  return { processes: [], channels: [], routes: [], store: [], publications: [] }
}

/**
 * Takes the inspection sequences out of a text stream, also when one arrives
 * split across chunks. `push` returns the text to show; `onEvents` gets each batch.
 */
export function createInspectFilter(onEvents: (events: InspectEvent[]) => void): { push(text: string): string } {
  let held = ''
  return {
    push(text) {
      let input = held + text
      held = ''
      let shown = ''
      for (;;) {
        const start = input.indexOf(OSC_START)
        if (start === -1) {
          // The end may be the beginning of a sequence: hold it until the next chunk.
          const partial = longestPrefixSuffix(input, OSC_START)
          shown += input.slice(0, input.length - partial)
          held = input.slice(input.length - partial)
          return shown
        }
        shown += input.slice(0, start)
        const end = input.indexOf(BEL, start)
        if (end === -1) {
          held = input.slice(start)
          return shown
        }
        const json = input.slice(start + OSC_START.length, end)
        input = input.slice(end + 1)
        try {
          const events = JSON.parse(json) as unknown
          if (Array.isArray(events)) onEvents(events as InspectEvent[])
        } catch {
          // A malformed batch is dropped, never shown: it is not the program's output.
        }
      }
    },
  }
}

function longestPrefixSuffix(text: string, prefix: string): number {
  for (let n = Math.min(prefix.length - 1, text.length); n > 0; n--) if (text.endsWith(prefix.slice(0, n))) return n
  return 0
}

const ENDED: ProcessState[] = ['stopped', 'exited', 'crashed']

/** How a run ended, as the runtime tells it: main's exit code, or stopped (by the reader, or by a failure of the playground's). */
export type RunOutcome = { code: number | null } | { stopped: true }

/**
 * Main cannot report its own end, nor its children's once it is gone: the
 * runtime can. After a run, main shows how it ended (exited with 0, crashed
 * with another code, stopped by a signal or by the reader), and every child
 * not yet reported ended is stopped, as it went with main.
 */
export function settleProcesses(view: Inspection, outcome: RunOutcome): void {
  let main = view.processes.find(p => p.name === 'main')
  if (!main) {
    // A main that exited before the library started reported nothing, yet it ran; one stopped before it started did not.
    if (!('code' in outcome)) return
    main = { name: 'main', state: 'starting', restarts: 0 }
    view.processes.unshift(main)
  }
  for (const process of view.processes) if (process !== main && !ENDED.includes(process.state)) process.state = 'stopped'
  if ('code' in outcome && outcome.code !== null) {
    main.state = outcome.code === 0 ? 'exited' : 'crashed'
    main.code = outcome.code
    main.signal = undefined
  } else {
    main.state = 'stopped'
  }
}

/** Applies a batch to the picture, in place (so a reactive object updates its views). */
export function applyEvents(view: Inspection, events: InspectEvent[]): void {
  for (const event of events) {
    if (event.type === 'process') {
      const known = view.processes.find(p => p.name === event.name)
      if (!known) {
        view.processes.push({ name: event.name, state: event.state, pid: event.pid, code: event.code, signal: event.signal, restarts: 0 })
        continue
      }
      if (event.state === 'starting' && ENDED.includes(known.state)) {
        // A new life: how the last one ended no longer describes it.
        known.restarts++
        known.code = undefined
        known.signal = undefined
      }
      known.state = event.state
      if (event.pid !== undefined) known.pid = event.pid
      if ('code' in event) known.code = event.code
      if ('signal' in event) known.signal = event.signal
    } else if (event.type === 'channel') {
      const known = view.channels.find(c => c.name === event.name)
      if (known) known.holders = [...event.holders]
      else view.channels.push({ name: event.name, holders: [...event.holders] })
    } else if (event.type === 'messages') {
      let route = view.routes.find(r => r.channel === event.channel && r.from === event.from && r.to === event.to)
      if (!route) {
        route = { channel: event.channel, from: event.from, to: event.to, count: 0, recent: [] }
        view.routes.push(route)
      }
      route.count += event.count
      if (event.last !== undefined) route.recent = [event.last, ...route.recent].slice(0, RECENT)
    } else if (event.type === 'store') {
      const entry = { key: event.key, value: event.op === 'set' ? event.value : undefined, by: event.by, deleted: event.op === 'delete' }
      const at = view.store.findIndex(e => e.key === event.key)
      if (at === -1) view.store.push(entry)
      else view.store.splice(at, 1, entry)
    } else if (event.type === 'publish') {
      const id = (view.publications[0]?.id ?? 0) + 1
      view.publications.unshift({
        id,
        topic: event.topic,
        from: event.from,
        count: event.count ?? 1,
        last: event.last ?? event.preview,
        subscribers: [...event.subscribers],
      })
      view.publications.splice(PUBLICATIONS)
    }
  }
}
