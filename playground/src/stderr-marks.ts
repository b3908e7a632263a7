import type { Stream } from './output'

/**
 * A terminal gives stdout and stderr as one stream: so does a WebContainer's
 * `spawn`. To keep them apart there, main runs with a preload (below) that
 * wraps each of its stderr writes in two OSC sequences, which terminals
 * ignore: `ESC ] 7720 ; 2 BEL` before, `ESC ] 7720 ; 1 BEL` after (the numbers
 * are the file descriptors). Children started in the playground's prefix mode
 * write their stderr through main, so their lines are marked too; a child
 * given `stdio: 'inherit'` writes to the terminal itself, unmarked. The
 * library's inspection stream is OSC 7719, on stdout.
 */
export const STDERR_START = '\u001B]7720;2\u0007'
export const STDERR_END = '\u001B]7720;1\u0007'

/**
 * The preload, run with `node --require`. Children do not inherit it (the
 * library forks them with execArgv of its own). Node.js prints an uncaught
 * exception straight to the file descriptor, past `process.stderr.write`:
 * while nothing else listens for one, the preload prints it as Node.js would
 * (the error as `util.inspect` shows it, then the version) and exits with 1.
 */
export const STDERR_PRELOAD = `'use strict'
// Written by the liteyuki-comm playground: marks this process's stderr in a terminal that merges it with stdout.
const { inspect } = require('node:util')
const START = ${JSON.stringify(STDERR_START)}
const END = ${JSON.stringify(STDERR_END)}
const stderr = process.stderr
const write = stderr.write
stderr.write = function (chunk, encoding, callback) {
  if (typeof encoding === 'function') {
    callback = encoding
    encoding = undefined
  }
  const text = typeof chunk === 'string' && (encoding === undefined || /^utf-?8$/i.test(encoding))
  const marked = text
    ? START + chunk + END
    : Buffer.concat([Buffer.from(START), typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk), Buffer.from(END)])
  return write.call(this, marked, callback)
}
process.on('uncaughtException', function printMarked(error) {
  // Someone else listens: what happens next is theirs to decide, as without this file.
  if (process.listenerCount('uncaughtException') > 1) return
  stderr.write(inspect(error) + '\\n\\nNode.js ' + process.version + '\\n')
  process.exit(1)
})
`

/**
 * Splits a terminal's output at the marks into stdout and stderr, also when a
 * mark arrives split across chunks. Text outside marks is stdout.
 */
export function createStreamSplitter(onText: (text: string, stream: Stream) => void): { push(text: string): void; end(): void } {
  let stream: Stream = 'stdout'
  let held = ''
  const marks: Array<[string, Stream]> = [
    [STDERR_START, 'stderr'],
    [STDERR_END, 'stdout'],
  ]
  const emit = (text: string): void => {
    if (text !== '') onText(text, stream)
  }
  return {
    push(text) {
      let input = held + text
      held = ''
      for (;;) {
        let next: { at: number; mark: string; to: Stream } | undefined
        for (const [mark, to] of marks) {
          const at = input.indexOf(mark)
          if (at !== -1 && (next === undefined || at < next.at)) next = { at, mark, to }
        }
        if (!next) {
          // The end may be the beginning of a mark: hold it until the next chunk.
          const partial = Math.max(...marks.map(([mark]) => partialMark(input, mark)))
          emit(input.slice(0, input.length - partial))
          held = input.slice(input.length - partial)
          return
        }
        emit(input.slice(0, next.at))
        stream = next.to
        input = input.slice(next.at + next.mark.length)
      }
    },
    end() {
      emit(held)
      held = ''
    },
  }
}

/** How many characters at the end of `text` begin `mark`. */
function partialMark(text: string, mark: string): number {
  for (let n = Math.min(mark.length - 1, text.length); n > 0; n--) if (text.endsWith(mark.slice(0, n))) return n
  return 0
}
