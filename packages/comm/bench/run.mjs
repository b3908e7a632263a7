// `npm run bench`: liteyuki-comm against raw child_process.fork IPC, measured in
// the same run and printed as ratios, because absolute numbers on a shared
// machine drift from one minute to the next.
import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const scenarioFile = new URL('./scenario.mjs', import.meta.url).pathname

const measure = (variant, scenario, count) =>
  JSON.parse(execFileSync(process.execPath, [scenarioFile, variant, scenario, String(count)], { encoding: 'utf8' }).trim().split('\n').pop())

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Runs the variants interleaved, REPEATS times, and keeps each one's median. */
function compare(scenario, count, variants, pick = r => r.ms) {
  const samples = Object.fromEntries(variants.map(v => [v, []]))
  for (let r = 0; r < REPEATS; r++) for (const v of variants) samples[v].push(pick(measure(v, scenario, count)))
  return Object.fromEntries(variants.map(v => [v, median(samples[v])]))
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const rows = []
const row = (what, variant, value, unit, ratio, target) => rows.push({ what, variant, value: `${value} ${unit}`, ratio: `${fmt(ratio, 2)}×`, target })

const VARIANTS = ['raw-json', 'raw-advanced', 'comm-json', 'comm-structured']

const SMALL = 100_000
const t = compare('throughput', SMALL, VARIANTS)
for (const v of VARIANTS) {
  row(`throughput, ${fmt(SMALL)} × ~100 B`, v, fmt(SMALL / t[v] * 1000), 'msg/s', t['raw-json'] / t[v], v.startsWith('comm') ? '≥ 0.9× raw JSON' : '')
}

const ROUNDS = 5_000
const p = compare('pingpong', ROUNDS, VARIANTS)
for (const v of VARIANTS) {
  row(`round trip, ${fmt(ROUNDS)} sequential`, v, fmt(p[v] / ROUNDS * 1000, 1), 'µs', p[v] / p['raw-json'], v.startsWith('comm') ? '≤ 1.3× raw JSON' : '')
}

const LARGE = 50
const l = compare('large', LARGE, VARIANTS)
for (const v of VARIANTS) {
  row(`throughput, ${LARGE} × 1 MB`, v, fmt(LARGE / l[v] * 1000, 1), 'MB/s', l['raw-json'] / l[v], v.startsWith('comm') ? '≥ 0.9× raw JSON' : '')
}

const OPS = 3_000
const rawRoundTrip = p['raw-json'] / ROUNDS
for (const serialization of ['json', 'structured']) {
  for (const op of ['get', 'set', 'update']) {
    const ms = median(Array.from({ length: REPEATS }, () => measure(`comm-${serialization}`, 'storage', OPS)[op]))
    row(`sharedMemory.${op} from a child, sequential`, `comm-${serialization}`, fmt(OPS / ms * 1000), 'op/s', rawRoundTrip / (ms / OPS), 'vs raw round trips/s')
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU'
console.log(`liteyuki-comm benchmark: Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpu}, ${fmt(totalmem() / 2 ** 30)} GiB, median of ${REPEATS}`)
console.log('ratio: liteyuki-comm (or the other baseline) relative to raw fork IPC with JSON serialization, measured in this run; above 1× is faster, except for round trips, where it is the time taken\n')
console.log('| scenario | variant | result | ratio | target |')
console.log('| --- | --- | ---: | ---: | --- |')
for (const r of rows) console.log(`| ${r.what} | ${r.variant} | ${r.value} | ${r.ratio} | ${r.target} |`)
