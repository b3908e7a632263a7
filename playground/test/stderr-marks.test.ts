import { describe, expect, it } from 'vitest'
import type { Stream } from '../src/output'
import { createStreamSplitter, STDERR_END, STDERR_START } from '../src/stderr-marks'

/** Runs the splitter over the chunks; consecutive pieces of one stream are joined. */
function split(chunks: string[]): Array<[Stream, string]> {
  const pieces: Array<[Stream, string]> = []
  const splitter = createStreamSplitter((text, stream) => {
    const last = pieces.at(-1)
    if (last?.[0] === stream) last[1] += text
    else pieces.push([stream, text])
  })
  for (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return pieces
}

describe("the terminal's stream splitter", () => {
  const merged = `out 1\r\n${STDERR_START}err 1\r\n${STDERR_END}out 2\r\n${STDERR_START}[child] err 2\r\n${STDERR_END}`

  it('gives marked text as stderr and the rest as stdout, without the marks', () => {
    expect(split([merged])).toEqual([
      ['stdout', 'out 1\r\n'],
      ['stderr', 'err 1\r\n'],
      ['stdout', 'out 2\r\n'],
      ['stderr', '[child] err 2\r\n'],
    ])
  })

  it('finds marks split across chunks at any point', () => {
    for (let size = 1; size <= 12; size++) {
      const chunks = merged.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!
      expect(split(chunks), `chunks of ${size}`).toEqual(split([merged]))
    }
  })

  it("leaves other escape sequences alone: colours, and the library's inspection stream", () => {
    const inspect = '\u001B]7719;[{"type":"process","name":"main","state":"running"}]\u0007'
    expect(split([`\u001B[32mgreen\u001B[0m ${inspect}`, `${STDERR_START}\u001B[31mred${STDERR_END}`])).toEqual([
      ['stdout', `\u001B[32mgreen\u001B[0m ${inspect}`],
      ['stderr', '\u001B[31mred'],
    ])
  })

  it('gives what looked like the start of a mark at the end, as text', () => {
    expect(split(['tail \u001B]77'])).toEqual([['stdout', 'tail \u001B]77']])
  })
})
