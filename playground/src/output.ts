export type Stream = 'stdout' | 'stderr'

export interface OutputLine {
  /** `main`, or the child process the line came from. */
  process: string
  text: string
  stream?: Stream
}

/** A piece of a line as it arrives: `final` is false while a `\r` progress line may still change it. */
export interface LineUpdate extends Required<OutputLine> {
  /** The line as written, colours included: what a terminal shows. */
  raw: string
  final: boolean
}

const CHILD_LINE = /^\[([^\]\s]+)\] /
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g

export const stripAnsi = (text: string): string => text.replace(ANSI, '')

/**
 * Splits a stream of text into lines labelled with their process. Children's
 * lines arrive as `[name] text` (LITEYUKI_COMM_STDIO=prefix); the rest is main's.
 * A lone `\r` rewrites the line so far, as in a terminal: `onUpdate` hears each
 * version, `onLine` only the line as it finally stands.
 */
export function createLineSplitter(
  onLine: (line: OutputLine) => void,
  options: { stream?: Stream; onUpdate?: (update: LineUpdate) => void } = {},
): { push(text: string): void; end(): void } {
  const stream = options.stream ?? 'stdout'
  let pending = ''
  /** The label of the line under way: a child's prefix comes once, before any `\r`. */
  let label: string | undefined
  const labelled = (raw: string): { process: string; raw: string } => {
    if (label === undefined) {
      const match = CHILD_LINE.exec(stripAnsi(raw))
      label = match ? match[1]! : 'main'
      if (match) raw = raw.slice(raw.indexOf('] ') + 2)
    }
    return { process: label, raw }
  }
  const emit = (segment: string, final: boolean): void => {
    const { process, raw } = labelled(segment)
    const text = stripAnsi(raw)
    options.onUpdate?.({ process, text, raw, stream, final })
    if (final) {
      onLine({ process, text, stream })
      label = undefined
    }
  }
  return {
    push(text) {
      pending += text
      for (;;) {
        const at = pending.search(/[\r\n]/)
        if (at === -1) return
        // A `\r` at the end may be the first half of `\r\n`.
        if (pending[at] === '\r' && at === pending.length - 1) return
        const segment = pending.slice(0, at)
        if (pending[at] === '\n' || pending[at + 1] === '\n') {
          pending = pending.slice(at + (pending[at] === '\n' ? 1 : 2))
          emit(segment, true)
        } else {
          pending = pending.slice(at + 1)
          if (segment !== '') emit(segment, false)
        }
      }
    },
    end() {
      const rest = pending.replace(/\r$/, '')
      if (rest !== '' || label !== undefined) emit(rest, true)
      pending = ''
    },
  }
}
