/**
 * The library's own output. Errors nobody handles are printed, but never one
 * per message: a sender refused 10,000 times, or a child forging frames, gets
 * one line per source and second, with a count of what was left out.
 */
const INTERVAL_MS = 1000

interface Window {
  until: number
  suppressed: number
}

const windows = new Map<string, Window>()

export function reportError(what: string, error: unknown): void {
  console.error(`[liteyuki-comm] ${what}:`, error)
}

/** One line per `source` and second: the error's name and message, no stack. */
export function reportOnce(source: string, error: unknown): void {
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
