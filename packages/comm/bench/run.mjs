// `npm run bench`: liteyuki-comm against raw child_process.fork IPC, measured in
// the same run and printed as ratios, because absolute numbers on a shared
// machine drift from one minute to the next.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const scenarioFile = new URL('./scenario.mjs', import.meta.url).pathname

const measure = (variant, scenario, count, env = {}) =>
  JSON.parse(
    execFileSync(process.execPath, [scenarioFile, variant, scenario, String(count)], { encoding: 'utf8', env: { ...process.env, ...env } })
      .trim()
      .split('\n')
      .pop(),
  )

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
const PAIR = ['raw-json', 'comm-json']

// One-way throughput of small messages in every direction and receive mode.
// Child to child is compared with raw IPC relayed by main's own 'message' handler.
const SMALL = 20_000
for (const direction of ['m2c', 'c2m', 'c2c']) {
  for (const mode of ['receive', 'forawait', 'passive']) {
    const scenario = `${direction}-${mode}`
    const t = compare(scenario, SMALL, PAIR)
    for (const v of PAIR) {
      const target = v === 'comm-json' ? (direction === 'c2c' ? 'min-0.7' : 'min-1.0') : null
      row(scenario, SMALL, v, (SMALL / t[v]) * 1000, 'msg/s', t['raw-json'] / t[v], target)
    }
  }
}

// What the inspection hook costs while a listener is attached (off, it is the m2c-passive row above).
{
  const on = median(Array.from({ length: REPEATS }, () => measure('comm-json', 'm2c-passive', SMALL, { BENCH_INSPECT: '1' }).ms))
  const off = median(Array.from({ length: REPEATS }, () => measure('comm-json', 'm2c-passive', SMALL).ms))
  row('inspect-on', SMALL, 'comm-json', (SMALL / on) * 1000, 'msg/s', off / on, null)
}

const ROUNDS = 5_000
const p = compare('pingpong', ROUNDS, VARIANTS)
for (const v of VARIANTS) {
  row('roundtrip', ROUNDS, v, (p[v] / ROUNDS) * 1000, 'µs', p[v] / p['raw-json'], v === 'comm-json' ? 'max-1.2' : null)
}

const LARGE = 50
const l = compare('large', LARGE, VARIANTS)
for (const v of VARIANTS) {
  row('large', LARGE, v, (LARGE / l[v]) * 1000, 'MB/s', l['raw-json'] / l[v], v === 'comm-json' ? 'min-0.9' : null)
}

const OPS = 3_000
const rawRoundTrip = p['raw-json'] / ROUNDS
for (const serialization of ['json', 'structured']) {
  for (const op of ['get', 'set', 'update']) {
    const ms = median(Array.from({ length: REPEATS }, () => measure(`comm-${serialization}`, 'storage', OPS)[op]))
    row(`storage-${op}`, OPS, `comm-${serialization}`, (OPS / ms) * 1000, 'op/s', rawRoundTrip / (ms / OPS), null)
  }
}

// The user's own code: two million unrelated awaits, in a process that never loaded
// the library and in one that loaded it and ran sharedMemory.update() first.
const AWAITS = 2_000_000
const a = compare('awaits', AWAITS, PAIR)
for (const v of PAIR) row('awaits', AWAITS, v, (AWAITS / a[v] / 1e6) * 1000, 'M/s', a['raw-json'] / a[v], v === 'comm-json' ? 'min-0.95' : null)

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB, ${process.platform}/${process.arch}, Node ${process.version}`
const results = { date: new Date().toISOString().slice(0, 10), machine, repeats: REPEATS, rows }

const MODES = { receive: 'a `while (true) await receive()` loop', forawait: '`for await`', passive: 'a passive handler' }
const DIRECTIONS = { m2c: 'main → child', c2m: 'child → main', c2c: 'child → child through main' }
const SCENARIOS = {
  ...Object.fromEntries(
    Object.keys(DIRECTIONS).flatMap(d =>
      Object.keys(MODES).map(m => [`${d}-${m}`, n => `${DIRECTIONS[d]}, read with ${MODES[m]}, ${fmt(n)} messages of ~100 B`]),
    ),
  ),
  'inspect-on': n => `main → child, passive, ${fmt(n)} messages, with a \`bot.inspect()\` listener (ratio: to the same without one)`,
  roundtrip: n => `round trip (ping-pong), ${fmt(n)} in sequence`,
  large: n => `main → child, ${n} payloads of 1 MB`,
  'storage-get': n => `sharedMemory.get from a child, ${fmt(n)} in sequence`,
  'storage-set': n => `sharedMemory.set from a child, ${fmt(n)} in sequence`,
  'storage-update': n => `sharedMemory.update from a child, ${fmt(n)} in sequence`,
  awaits: n => `${fmt(n)} unrelated awaits, without and with the library loaded and update() used`,
}
const TARGETS = { 'min-1.0': '≥ 1.0×', 'min-0.7': '≥ 0.7×', 'min-0.9': '≥ 0.9×', 'min-0.95': '≥ 0.95×', 'max-1.2': '≤ 1.2×' }
const met = r => {
  if (!r.target) return null
  const [kind, bound] = r.target.split('-')
  return kind === 'min' ? r.ratio >= Number(bound) : r.ratio <= Number(bound)
}
const table = [
  '| scenario | variant | result | ratio to raw JSON | target |',
  '| --- | --- | ---: | ---: | --- |',
  ...rows.map(
    r =>
      `| ${SCENARIOS[r.scenario](r.count)} | ${r.variant} | ${fmt(r.value, r.unit === 'µs' || r.unit === 'MB/s' || r.unit === 'M/s' ? 1 : 0)} ${r.unit} | ${fmt(r.ratio, 2)}× | ${r.target ? `${TARGETS[r.target]} ${met(r) ? 'met' : '**missed**'}` : ''} |`,
  ),
].join('\n')

const markdown = `# Benchmarks

\`npm run bench\` runs liteyuki-comm and raw \`child_process.fork\` IPC side by side, each measurement in a fresh main process, the variants interleaved, ${REPEATS} times; the table shows medians.

- **raw-json** and **raw-advanced**: \`child.send\` / \`process.send\` with \`serialization: 'json'\` and \`'advanced'\`: the baselines.
- **comm-json** and **comm-structured**: liteyuki-comm channels and shared memory with each serializer.
- **ratio**: against raw JSON IPC measured in the same run. For throughput and storage, higher is faster; for the round trip it is the time taken, so lower is faster. Storage rates are compared with raw round trips per second, since each call is a round trip to main. Child to child is compared with raw IPC that main relays in its own \`'message'\` handler. The awaits row compares a process with the library loaded and \`update()\` used against one without it.

Latest run: ${results.date}, ${machine}.

${table}
`
// The playground's section and figures come from playground/bench/first-output.mjs: keep them.
const markdownFile = new URL('../BENCHMARKS.md', import.meta.url)
const resultsFile = new URL('./results.json', import.meta.url)
const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {}
const playgroundSection = existsSync(markdownFile) ? (/\n## Playground:[\s\S]*$/.exec(readFileSync(markdownFile, 'utf8'))?.[0] ?? '') : ''
writeFileSync(markdownFile, markdown + playgroundSection)
writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`)
console.log(markdown)
