// The default serializer against the other one, on the same scenarios: the
// figures behind "JSON is faster than structured for small messages". Each
// measurement runs in a fresh main process, the two serializers interleaved,
// and the ratio is JSON's throughput over structured clone's, the baseline.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus } from 'node:os'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const scenarioFile = new URL('./scenario.mjs', import.meta.url).pathname
const VARIANTS = ['comm-structured', 'comm-json']

const measure = (variant, scenario, count) =>
  JSON.parse(
    execFileSync(process.execPath, [scenarioFile, variant, scenario, String(count)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop(),
  ).ms

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const fmt = (n, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })

const DIRECTIONS = { m2c: 'main → child', c2m: 'child → main', c2c: 'child → child through main' }
const MODES = { receive: 'a `while (true) await receive()` loop', forawait: '`for await`', passive: 'a passive handler' }
const SMALL = 20_000
const LARGE = 50
const scenarios = [
  ...Object.keys(DIRECTIONS).flatMap(d =>
    Object.keys(MODES).map(m => ({
      scenario: `${d}-${m}`,
      count: SMALL,
      label: `${DIRECTIONS[d]}, read with ${MODES[m]}, ${SMALL.toLocaleString('en-US')} messages of ~100 B`,
    })),
  ),
  { scenario: 'large', count: LARGE, label: `main → child, ${LARGE} payloads of 1 MB` },
]

const rows = scenarios.map(({ scenario, count, label }) => {
  const ms = Object.fromEntries(VARIANTS.map(v => [v, []]))
  for (let r = 0; r < REPEATS; r++) for (const v of VARIANTS) ms[v].push(measure(v, scenario, count))
  // Each repeat's pair was measured side by side: their ratios give the spread.
  const ratios = ms['comm-json'].map((json, i) => ms['comm-structured'][i] / json)
  return { scenario, label, ratio: median(ratios), low: Math.min(...ratios), high: Math.max(...ratios) }
})

const table = [
  `JSON against structured clone, throughput ratio (higher: JSON faster), median of ${REPEATS} interleaved pairs, with the lowest and highest pair; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}.`,
  '',
  '| scenario | json ÷ structured | spread |',
  '| --- | ---: | ---: |',
  ...rows.map(r => `| ${r.label} | ${fmt(r.ratio)}× | ${fmt(r.low)}–${fmt(r.high)}× |`),
].join('\n')
writeFileSync(
  new URL('./serialization.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), repeats: REPEATS, rows }, null, 2)}\n`,
)
console.log(table)
