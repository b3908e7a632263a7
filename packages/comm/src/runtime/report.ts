/**
 * The library's own output. Errors nobody handles are printed, but never one
 * per message: a sender refused 10,000 times, or a child forging frames, gets
 * one line per source and second, with a count of what was left out. Each
 * occurrence also reaches the listeners (`bot.onError()` in main), so a
 * program can count and act on what the printing leaves out.
 */
const INTERVAL_MS = 1000

interface Window {
  until: number
  suppressed: number
}

const windows = new Map<string, Window>()

/** Hears every error the library reports on its own, each occurrence, before the printing's rate limit. */
export type ReportListener = (error: Error, source: string) => void
const listeners = new Set<ReportListener>()

/** What `bot.onError()` is built on. Returns what removes the listener. */
export function onReport(listener: ReportListener): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

function notify(source: string, error: unknown): void {
  const asError = error instanceof Error ? error : new Error(String(error))
  for (const listener of listeners) {
    try {
      listener(asError, source)
    } catch {
      // A listener's failure is its own; the report still goes to the others and is printed.
    }
  }
}

export function reportError(what: string, error: unknown): void {
  notify(what, error)
  console.error(`[liteyuki-comm] ${what}:`, error)
}

/** One line per `source` and second: the error's name and message, no stack. */
export function reportOnce(source: string, error: unknown): void {
  notify(source, error)
  printOnce(source, error)
}

/** `reportOnce` without the listeners: for the failures of the listeners themselves, which must not feed back into them. */
export function printOnce(source: string, error: unknown): void {
  const now = Date.now()
  const window = windows.get(source)
  if (window && now < window.until) {
    window.suppressed++
    return
  }
  const suppressed = window?.suppressed ?? 0
  windows.set(source, { until: now + INTERVAL_MS, suppressed: 0 })
  if (windows.size > 1024) windows.delete(windows.keys().next().value!)
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const more = suppressed > 0 ? ` (${suppressed} more since the last report)` : ''
  console.error(`[liteyuki-comm] ${source}: ${text}${more}`)
}
