import { describe, expect, it } from 'vitest'
import { repoText, section } from '../docs-text.js'

interface Row {
  scenario: string
  ratio: number
}

// The guide said "JSON is several times faster than structured" with no
// benchmark behind it; bench/serialization.mjs measures it.
describe('the serialization guide on JSON against structured clone for small messages', () => {
  const rows = (JSON.parse(repoText('packages/comm/bench/serialization.json')) as { rows: Row[] }).rows.filter(row => row.scenario !== 'large')
  const medians = rows.map(row => row.ratio)

  it('rests on a measurement of every direction and receive mode', () => {
    expect(rows.map(row => row.scenario).sort()).toEqual(
      ['c2c', 'c2m', 'm2c'].flatMap(direction => ['forawait', 'passive', 'receive'].map(mode => `${direction}-${mode}`)).sort(),
    )
  })

  it.each([
    ['en', /about (\d+(?:\.\d+)?) to (\d+(?:\.\d+)?) times as many messages per second as structured clone/],
    ['zh', /约为结构化克隆的 (\d+(?:\.\d+)?) 到 (\d+(?:\.\d+)?) 倍/],
  ] as const)('%s: states the measured range', (lang, stated) => {
    const text = section(lang, 'guide/serialization.md', 'why-json-is-the-default')
    expect(text).not.toMatch(/several times|好几倍/)
    const [, low, high] = stated.exec(text) ?? []
    expect(low, 'a stated range').toBeDefined()
    // Rounded to one decimal, the stated range is the measured one.
    expect(Number(low)).toBeCloseTo(Math.min(...medians), 1)
    expect(Number(high)).toBeCloseTo(Math.max(...medians), 1)
  })
})
