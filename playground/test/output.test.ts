import { describe, expect, it } from 'vitest'
import { applyEvents, createInspectFilter, emptyInspection, type InspectEvent } from '../src/inspect'
import { createLineSplitter, type LineUpdate, type OutputLine } from '../src/output'

function split(chunks: string[], stream: 'stdout' | 'stderr' = 'stdout'): { lines: OutputLine[]; updates: LineUpdate[] } {
  const lines: OutputLine[] = []
  const updates: LineUpdate[] = []
  const splitter = createLineSplitter(line => lines.push(line), { stream, onUpdate: update => updates.push(update) })
  for (const chunk of chunks) splitter.push(chunk)
  splitter.end()
  return { lines, updates }
}

describe('the line splitter', () => {
  it("labels children's lines, keeps their colours for the terminal and strips them from the text", () => {
    const { lines, updates } = split(['[worker] \u001B[32mgre', 'en\u001B[0m\r\nmain line\n'])
    expect(lines).toEqual([
      { process: 'worker', text: 'green', stream: 'stdout' },
      { process: 'main', text: 'main line', stream: 'stdout' },
    ])
    expect(updates[0]!.raw).toBe('\u001B[32mgreen\u001B[0m')
  })

  it('shows each state of a \\r progress line and keeps the last one, with its label', () => {
    const { lines, updates } = split(['[w] 10%\r', '50%\r100%\n'])
    expect(updates.map(u => [u.process, u.text, u.final])).toEqual([
      ['w', '10%', false],
      ['w', '50%', false],
      ['w', '100%', true],
    ])
    expect(lines).toEqual([{ process: 'w', text: '100%', stream: 'stdout' }])
  })

  it('tells which stream a line came from', () => {
    expect(split(['oops\n'], 'stderr').lines).toEqual([{ process: 'main', text: 'oops', stream: 'stderr' }])
  })
})

describe('the inspection stream', () => {
  const batch = (events: InspectEvent[]): string => `\u001B]7719;${JSON.stringify(events)}\u0007`

  it('takes its sequences out of the output, also when split across chunks', () => {
    const seen: InspectEvent[][] = []
    const filter = createInspectFilter(events => seen.push(events))
    const text = `a${batch([{ type: 'process', name: 'main', state: 'running' }])}b\n`
    const shown = [...text].map(char => filter.push(char)).join('')
    expect(shown).toBe('ab\n')
    expect(seen).toEqual([[{ type: 'process', name: 'main', state: 'running' }]])
    // An escape that is not ours is the program's and passes.
    expect(filter.push('\u001B[31mred\n')).toBe('\u001B[31mred\n')
    // A malformed batch is dropped rather than shown.
    expect(filter.push('\u001B]7719;{nope\u0007ok')).toBe('ok')
  })

  it('keeps processes, routes, store and publications up to date', () => {
    const view = emptyInspection()
    applyEvents(view, [
      { type: 'process', name: 'main', state: 'running' },
      { type: 'process', name: 'worker', state: 'starting' },
      { type: 'process', name: 'worker', state: 'running', pid: 7 },
      { type: 'channel', name: 'worker-active', holders: ['main'] },
      { type: 'channel', name: 'worker-active', holders: ['main', 'worker'] },
      { type: 'messages', channel: 'worker-active', from: 'main', to: 'worker', count: 2, last: '1' },
      { type: 'messages', channel: 'worker-active', from: 'main', to: 'worker', count: 3, last: '2' },
      { type: 'store', op: 'set', key: 'k', by: 'worker', value: '1' },
      { type: 'store', op: 'delete', key: 'k', by: 'main' },
      { type: 'publish', topic: 'news', from: 'main', count: 1, last: '"hi"', subscribers: ['worker'] },
      { type: 'process', name: 'worker', state: 'crashed', code: 1 },
      { type: 'process', name: 'worker', state: 'starting' },
    ])
    expect(view.processes).toEqual([
      { name: 'main', state: 'running', restarts: 0 },
      { name: 'worker', state: 'starting', pid: 7, restarts: 1 },
    ])
    expect(view.channels).toEqual([{ name: 'worker-active', holders: ['main', 'worker'] }])
    expect(view.routes).toEqual([{ channel: 'worker-active', from: 'main', to: 'worker', count: 5, recent: ['2', '1'] }])
    expect(view.store).toEqual([{ key: 'k', value: undefined, by: 'main', deleted: true }])
    expect(view.publications).toEqual([{ id: 1, topic: 'news', from: 'main', count: 1, last: '"hi"', subscribers: ['worker'] }])
  })
})
