// `npm run bench`: liteyuki-comm against raw child_process.fork IPC, measured in
// the same run and printed as ratios, because absolute numbers on a shared
// machine drift from one minute to the next.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
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
/** `scenario` and `target` are keys the docs translate; `higherIsBetter` orients the ratio. */
const row = (scenario, count, variant, value, unit, ratio, target) => rows.push({ scenario, count, variant, value, unit, ratio, target })

const VARIANTS = ['raw-json', 'raw-advanced', 'comm-json', 'comm-structured']

const SMALL = 100_000
const t = compare('throughput', SMALL, VARIANTS)
for (const v of VARIANTS) {
  row('small', SMALL, v, SMALL / t[v] * 1000, 'msg/s', t['raw-json'] / t[v], v === 'comm-json' ? 'min-0.9' : null)
}

const ROUNDS = 5_000
const p = compare('pingpong', ROUNDS, VARIANTS)
for (const v of VARIANTS) {
  row('roundtrip', ROUNDS, v, p[v] / ROUNDS * 1000, 'µs', p[v] / p['raw-json'], v === 'comm-json' ? 'max-1.3' : null)
}

const LARGE = 50
const l = compare('large', LARGE, VARIANTS)
for (const v of VARIANTS) {
  row('large', LARGE, v, LARGE / l[v] * 1000, 'MB/s', l['raw-json'] / l[v], v === 'comm-json' ? 'min-0.9' : null)
}

const OPS = 3_000
const rawRoundTrip = p['raw-json'] / ROUNDS
for (const serialization of ['json', 'structured']) {
  for (const op of ['get', 'set', 'update']) {
    const ms = median(Array.from({ length: REPEATS }, () => measure(`comm-${serialization}`, 'storage', OPS)[op]))
    row(`storage-${op}`, OPS, `comm-${serialization}`, OPS / ms * 1000, 'op/s', rawRoundTrip / (ms / OPS), null)
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}, Node ${process.version}`
const results = { date: new Date().toISOString().slice(0, 10), machine, repeats: REPEATS, rows }

const SCENARIOS = {
  'small': n => `one-way throughput, ${fmt(n)} messages of ~100 B`,
  'roundtrip': n => `round trip (ping-pong), ${fmt(n)} in sequence`,
  'large': n => `one-way throughput, ${n} payloads of 1 MB`,
  'storage-get': n => `sharedMemory.get from a child, ${fmt(n)} in sequence`,
  'storage-set': n => `sharedMemory.set from a child, ${fmt(n)} in sequence`,
  'storage-update': n => `sharedMemory.update from a child, ${fmt(n)} in sequence`,
}
const TARGETS = { 'min-0.9': '≥ 0.9×', 'max-1.3': '≤ 1.3×' }
const met = r => r.target === 'min-0.9' ? r.ratio >= 0.9 : r.target === 'max-1.3' ? r.ratio <= 1.3 : null
const table = [
  '| scenario | variant | result | ratio to raw JSON | target |',
  '| --- | --- | ---: | ---: | --- |',
  ...rows.map(r => `| ${SCENARIOS[r.scenario](r.count)} | ${r.variant} | ${fmt(r.value, r.unit === 'µs' || r.unit === 'MB/s' ? 1 : 0)} ${r.unit} | ${fmt(r.ratio, 2)}× | ${r.target ? `${TARGETS[r.target]} ${met(r) ? 'met' : '**missed**'}` : ''} |`),
].join('\n')

const markdown = `# Benchmarks

\`npm run bench\` runs liteyuki-comm and raw \`child_process.fork\` IPC side by side, each measurement in a fresh main process, the variants interleaved, ${REPEATS} times; the table shows medians.

- **raw-json** and **raw-advanced**: \`child.send\` / \`process.send\` with \`serialization: 'json'\` and \`'advanced'\`: the baselines.
- **comm-json** and **comm-structured**: liteyuki-comm channels and shared memory with each serializer.
- **ratio**: against raw JSON IPC measured in the same run. For throughput and storage, higher is faster; for the round trip it is the time taken, so lower is faster. Storage rates are compared with raw round trips per second, since each call is a round trip to main.

Latest run: ${results.date}, ${machine}.

${table}
`
writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), markdown)
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
console.log(markdown)
