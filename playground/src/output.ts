export interface OutputLine {
  /** `main`, or the child process the line came from. */
  process: string
  text: string
}

const CHILD_LINE = /^\[([^\]\s]+)\] (.*)$/

/**
 * Splits a stream of text into lines labelled with their process. Children's
 * lines arrive as `[name] text` (LITEYUKI_COMM_STDIO=prefix); the rest is main's.
 */
export function createLineSplitter(onLine: (line: OutputLine) => void): { push(text: string): void; end(): void } {
  let pending = ''
  const emit = (raw: string): void => {
    // eslint-disable-next-line no-control-regex
    const line = raw.replace(/\r$/, '').replace(/\u001B\[[0-9;]*[A-Za-z]/g, '')
    const match = CHILD_LINE.exec(line)
    onLine(match ? { process: match[1]!, text: match[2]! } : { process: 'main', text: line })
  }
  return {
    push(text) {
      const parts = (pending + text).split('\n')
      pending = parts.pop()!
      for (const part of parts) emit(part)
    },
    end() {
      if (pending !== '') emit(pending)
      pending = ''
    },
  }
}
