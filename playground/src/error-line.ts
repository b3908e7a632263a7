import type { OutputLine } from './output'

/** `Error: boom`, `TypeError [ERR_X]: …`, `Uncaught RangeError …`: the line that names what went wrong. */
const ERROR_MESSAGE = /^\s*(?:Uncaught\s+)?(?:[A-Z]\w*)?(?:Error|Exception)\b/

/**
 * The line the reader should see first when a run prints errors: the first
 * stderr line that names an error (Node.js prints the source line and a caret
 * above it), or else the first stderr line that says anything.
 */
export function createErrorWatch(): { push(line: OutputLine): void; readonly line: OutputLine | undefined; clear(): void } {
  let first: OutputLine | undefined
  let named: OutputLine | undefined
  return {
    push(line) {
      if (line.stream !== 'stderr' || named || line.text.trim() === '') return
      first ??= line
      if (ERROR_MESSAGE.test(line.text)) named = line
    },
    get line() {
      return named ?? first
    },
    clear() {
      first = named = undefined
    },
  }
}
