import { describe, expect, it } from 'vitest'
import { repoText, section } from '../docs-text.js'

interface Row {
  scenario: string
  variant: string
  value: number
}

// "A 1 MB message costs what it costs with raw IPC" holds for JSON only.
describe('the performance guide on 1 MB payloads', () => {
  const rows = (JSON.parse(repoText('packages/comm/bench/results.json')) as { rows: Row[] }).rows.filter(row => row.scenario === 'large')
  const value = (variant: string): number => rows.find(row => row.variant === variant)!.value
  const structuredShare = value('comm-structured') / value('raw-advanced')

  it('the benchmark: JSON keeps pace with raw JSON IPC, structured clone does not keep pace with raw advanced IPC', () => {
    expect(value('comm-json') / value('raw-json')).toBeGreaterThanOrEqual(0.9)
    expect(structuredShare).toBeLessThan(0.9)
  })

  it.each([
    ['en', /holds for JSON only/, /about (\d\.\d) of its throughput/],
    ['zh', /只对 JSON 成立/, /约为它吞吐量的 (\d\.\d)/],
  ] as const)('%s: says it holds for JSON only, with the measured share', (lang, jsonOnly, share) => {
    const text = section(lang, 'guide/performance.md', 'reading-the-results')
    expect(text).toMatch(jsonOnly)
    expect(Math.abs(Number(share.exec(text)?.[1]) - structuredShare)).toBeLessThan(0.15)
  })
})
