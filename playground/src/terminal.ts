import { FitAddon } from '@xterm/addon-fit'
import { Terminal, type ITheme } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import type { LineUpdate } from './output'

/** Enough contrast on either background for text, labels and the stderr mark. */
const THEMES: Record<'light' | 'dark', ITheme> = {
  light: {
    background: '#f6f6f7',
    foreground: '#1f2328',
    cursor: '#f6f6f7',
    selectionBackground: '#b6d4fe',
    black: '#1f2328',
    red: '#b3261e',
    green: '#116329',
    yellow: '#7a4d00',
    blue: '#0550ae',
    magenta: '#8250df',
    cyan: '#1b6f7a',
    white: '#57606a',
    brightBlack: '#57606a',
    brightRed: '#a40e26',
    brightGreen: '#1a7f37',
    brightYellow: '#633c01',
    brightBlue: '#0a3069',
    brightMagenta: '#6639ba',
    brightCyan: '#145a63',
    brightWhite: '#24292f',
  },
  dark: {
    background: '#161618',
    foreground: '#dfdfd6',
    cursor: '#161618',
    selectionBackground: '#3a4a6b',
    black: '#6e7681',
    red: '#ff7b72',
    green: '#7ee787',
    yellow: '#e3b341',
    blue: '#79c0ff',
    magenta: '#d2a8ff',
    cyan: '#76e3ea',
    white: '#dfdfd6',
    brightBlack: '#8b949e',
    brightRed: '#ffa198',
    brightGreen: '#aff5b4',
    brightYellow: '#f8e3a1',
    brightBlue: '#a5d6ff',
    brightMagenta: '#e2c5ff',
    brightCyan: '#b3f0ff',
    brightWhite: '#ffffff',
  },
}

const LABEL_COLOURS = [36, 35, 34, 32, 33]
const RESET = '\u001B[0m'

/** A colour per child, the same for a name throughout; main's label is dim. */
function labelColour(name: string): string {
  if (name === 'main') return '\u001B[90m'
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return `\u001B[${LABEL_COLOURS[hash % LABEL_COLOURS.length]}m`
}

export interface OutputTerminal {
  /** Shows a line, or the new state of a `\r` progress line. */
  show(update: LineUpdate): void
  /** A line of the playground's own, such as an error before main started. */
  note(label: string, text: string): void
  clear(): void
  setTheme(dark: boolean): void
  fit(): void
  dispose(): void
}

/**
 * The output as a terminal shows it (xterm.js), so colours and `\r` progress
 * lines look as they would in one. Each line starts with its process; stderr
 * lines carry a red bar and red text.
 */
export function createOutputTerminal(element: HTMLElement, options: { dark: boolean; label: string }): OutputTerminal {
  const terminal = new Terminal({
    convertEol: false,
    disableStdin: true,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    fontFamily: 'ui-monospace, SFMono-Regular, "SF Mono", Menlo, Monaco, Consolas, "Liberation Mono", "Courier New", monospace',
    fontSize: 13,
    lineHeight: 1.3,
    scrollback: 5_000,
    theme: THEMES[options.dark ? 'dark' : 'light'],
  })
  const fitAddon = new FitAddon()
  terminal.loadAddon(fitAddon)
  terminal.open(element)
  // The input helper is never typed into; its name says what the region is.
  terminal.textarea?.setAttribute('aria-label', options.label)
  terminal.textarea?.setAttribute('readonly', '')
  fitAddon.fit()
  const resize = new ResizeObserver(() => fitAddon.fit())
  resize.observe(element)

  /** A progress line is on screen and may still be rewritten. */
  let open = false
  const write = (label: string, raw: string, stderr: boolean, final: boolean): void => {
    const gutter = stderr ? '\u001B[31m▌' : ' '
    const name = `${labelColour(label)}${label.padEnd(8)}${RESET}`
    const text = stderr ? `\u001B[31m${raw}` : raw
    terminal.write(`${open ? '\r\u001B[2K' : ''}${gutter}${RESET}${name} ${text}${RESET}${final ? '\r\n' : ''}`)
    open = !final
  }

  return {
    show: update => write(update.process, update.raw, update.stream === 'stderr', update.final),
    note: (label, text) => write(label, text, true, true),
    clear() {
      open = false
      terminal.reset()
    },
    setTheme: dark => {
      terminal.options.theme = THEMES[dark ? 'dark' : 'light']
    },
    fit: () => fitAddon.fit(),
    dispose() {
      resize.disconnect()
      terminal.dispose()
    },
  }
}
