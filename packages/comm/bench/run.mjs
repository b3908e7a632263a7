// `npm run bench`: liteyuki-comm against raw child_process.fork IPC, measured in
// the same run and printed as ratios, because absolute numbers on a shared
// machine drift from one minute to the next.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'

import { startLoad } from './load.mjs'

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const scenarioFile = new URL('./scenario.mjs', import.meta.url).pathname
/** BENCH_LOAD=busy|mixed: the load the benchmark starts beside itself (load.mjs); raw and library run under the same load. */
const LOAD = process.env.BENCH_LOAD
/** BENCH_ONLY=m2c,roundtrip,...: only the rows whose scenario begins with one of these (a reduced run). */
const ONLY = process.env.BENCH_ONLY?.split(',')
const wanted = scenario => ONLY === undefined || ONLY.some(prefix => scenario.startsWith(prefix))
const stopLoad = LOAD ? startLoad(LOAD) : () => {}
process.once('exit', stopLoad)

const measure = (variant, scenario, count, env = {}) =>
  JSON.parse(
    execFileSync(process.execPath, [scenarioFile, variant, scenario, String(count)], { encoding: 'utf8', env: { ...process.env, ...env } })
      .trim()
      .split('\n')
      .pop(),
  )

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * Runs the variants interleaved, REPEATS times, and keeps each one's median;
 * `spread[v]` is the lowest and highest ratio of v's time to raw JSON's in the
 * same repeat (each pair ran side by side, under the same load).
 */
function compare(scenario, count, variants, pick = r => r.ms) {
  const samples = Object.fromEntries(variants.map(v => [v, []]))
  for (let r = 0; r < REPEATS; r++) for (const v of variants) samples[v].push(pick(measure(v, scenario, count)))
  const medians = Object.fromEntries(variants.map(v => [v, median(samples[v])]))
  const ratios = v => samples[v].map((ms, r) => samples['raw-json'][r] / ms)
  medians.spread = Object.fromEntries(variants.map(v => [v, [Math.min(...ratios(v)), Math.max(...ratios(v))]]))
  return medians
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const rows = []
/** `scenario` and `target` are keys the docs translate; `higherIsBetter` orients the ratio. */
const row = (scenario, count, variant, value, unit, ratio, target, spread, most) =>
  rows.push({ scenario, count, variant, value, unit, ratio, target, spread, most })

const VARIANTS = ['raw-json', 'raw-advanced', 'comm-json', 'comm-structured']
const PAIR = ['raw-json', 'comm-json']

// One-way throughput of small messages in every direction and receive mode.
// Child to child is compared with raw IPC relayed by main's own 'message' handler.
const SMALL = 20_000
for (const direction of ['m2c', 'c2m', 'c2c']) {
  for (const mode of ['receive', 'forawait', 'passive']) {
    const scenario = `${direction}-${mode}`
    if (!wanted(scenario)) continue
    const t = compare(scenario, SMALL, PAIR)
    for (const v of PAIR) {
      const target = v === 'comm-json' ? (direction === 'c2c' ? 'min-0.7' : 'min-1.0') : null
      row(scenario, SMALL, v, (SMALL / t[v]) * 1000, 'msg/s', t['raw-json'] / t[v], target, t.spread[v])
    }
  }
}

// What the inspection hook costs while a listener is attached (off, it is the m2c-passive row above).
if (wanted('inspect-on')) {
  const on = median(Array.from({ length: REPEATS }, () => measure('comm-json', 'm2c-passive', SMALL, { BENCH_INSPECT: '1' }).ms))
  const off = median(Array.from({ length: REPEATS }, () => measure('comm-json', 'm2c-passive', SMALL).ms))
  row('inspect-on', SMALL, 'comm-json', (SMALL / on) * 1000, 'msg/s', off / on, null)
}

const ROUNDS = 5_000
// The storage rows are compared with it: they need it too.
const p = wanted('roundtrip') || wanted('storage') ? compare('pingpong', ROUNDS, VARIANTS) : undefined
if (p && wanted('roundtrip')) {
  for (const v of VARIANTS) {
    const [low, high] = p.spread[v]
    // A time: the ratio is the library's time to raw's, so its spread is the inverse.
    row('roundtrip', ROUNDS, v, (p[v] / ROUNDS) * 1000, 'µs', p[v] / p['raw-json'], v === 'comm-json' ? 'max-1.2' : null, [1 / high, 1 / low])
  }
}

const LARGE = 50
if (wanted('large')) {
  const l = compare('large', LARGE, VARIANTS)
  for (const v of VARIANTS) {
    row('large', LARGE, v, (LARGE / l[v]) * 1000, 'MB/s', l['raw-json'] / l[v], v === 'comm-json' ? 'min-0.9' : null, l.spread[v])
  }
}

const OPS = 3_000
for (const serialization of ['json', 'structured']) {
  for (const op of ['get', 'set', 'update']) {
    if (!wanted(`storage-${op}`)) continue
    // Each repeat beside a raw round trip of its own, so that the ratio's spread is measured under the same load.
    const ratios = []
    const times = []
    for (let r = 0; r < REPEATS; r++) {
      const raw = measure('raw-json', 'pingpong', ROUNDS).ms / ROUNDS
      const ms = measure(`comm-${serialization}`, 'storage', OPS)[op]
      times.push(ms)
      ratios.push(raw / (ms / OPS))
    }
    const ms = median(times)
    row(`storage-${op}`, OPS, `comm-${serialization}`, (OPS / ms) * 1000, 'op/s', median(ratios), op === 'get' && serialization === 'json' ? 'min-0.9' : null, [
      Math.min(...ratios),
      Math.max(...ratios),
    ])
  }
}

// Fair dispatch: 30 jobs of 50 ms sent before 3 workers listen; the time from the last one listening to the last job done.
const fairFile = new URL('./fair-dispatch.mjs', import.meta.url).pathname
for (const [mode, prefetch] of [
  ['passive', 'default'],
  ['passive', '0'],
  ['receive', '0'],
  ['for-await', 'default'],
]) {
  const scenario = `fair-${mode}-${prefetch}`
  if (!wanted(scenario)) continue
  const runs = Array.from({ length: REPEATS }, () =>
    JSON.parse(execFileSync(process.execPath, [fairFile, mode, prefetch], { encoding: 'utf8' }).trim().split('\n').pop()),
  )
  const times = runs.map(r => r.ms)
  row(scenario, 30, 'comm-json', median(times), 'ms', null, 'max-800', [Math.min(...times), Math.max(...times)], Math.max(...runs.map(r => r.most)))
}

// The user's own code: two million unrelated awaits, in a process that never loaded
// the library and in one that loaded it and ran sharedMemory.update() first.
const AWAITS = 2_000_000
if (wanted('awaits')) {
  const a = compare('awaits', AWAITS, PAIR)
  for (const v of PAIR) row('awaits', AWAITS, v, (AWAITS / a[v] / 1e6) * 1000, 'M/s', a['raw-json'] / a[v], v === 'comm-json' ? 'min-0.95' : null, a.spread[v])
}

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
  ...Object.fromEntries(
    ['passive-default', 'passive-0', 'receive-0', 'for-await-default'].map(key => [
      `fair-${key}`,
      n =>
        `fair dispatch: ${n} jobs of 50 ms sent before 3 workers listen (${key.replace(/-(default|0)$/, ', prefetch $1')}), ms from the last one listening to the last job done`,
    ]),
  ),
}
const TARGETS = { 'min-1.0': '≥ 1.0×', 'min-0.7': '≥ 0.7×', 'min-0.9': '≥ 0.9×', 'min-0.95': '≥ 0.95×', 'max-1.2': '≤ 1.2×', 'max-800': '≤ 800 ms' }
const met = r => {
  if (!r.target) return null
  const [kind, bound] = r.target.split('-')
  const value = r.ratio ?? r.value
  return kind === 'min' ? value >= Number(bound) : value <= Number(bound)
}
const spread = r => (r.spread ? ` (${r.unit === 'ms' ? r.spread.map(n => fmt(n)).join('–') : r.spread.map(n => fmt(n, 2)).join('–')})` : '')
const table = [
  '| scenario | variant | result | ratio to raw JSON (lowest–highest repeat) | target |',
  '| --- | --- | ---: | ---: | --- |',
  ...rows.map(
    r =>
      `| ${SCENARIOS[r.scenario](r.count)} | ${r.variant} | ${fmt(r.value, r.unit === 'µs' || r.unit === 'MB/s' || r.unit === 'M/s' ? 1 : 0)} ${r.unit}${r.ratio === null ? spread(r) : ''}${r.most ? `, busiest worker ${r.most} jobs` : ''} | ${r.ratio === null ? '' : `${fmt(r.ratio, 2)}×${spread(r)}`} | ${r.target ? `${TARGETS[r.target]} ${met(r) ? 'met' : '**missed**'}` : ''} |`,
  ),
].join('\n')

const markdown = `# Benchmarks

\`npm run bench\` runs liteyuki-comm and raw \`child_process.fork\` IPC side by side, each measurement in a fresh main process, the variants interleaved, ${REPEATS} times; the table shows medians.

- **raw-json** and **raw-advanced**: \`child.send\` / \`process.send\` with \`serialization: 'json'\` and \`'advanced'\`: the baselines.
- **comm-json** and **comm-structured**: liteyuki-comm channels and shared memory with each serializer.
- **ratio**: against raw JSON IPC measured in the same run. For throughput and storage, higher is faster; for the round trip it is the time taken, so lower is faster. Storage rates are compared with raw round trips per second, since each call is a round trip to main. Child to child is compared with raw IPC that main relays in its own \`'message'\` handler. The awaits row compares a process with the library loaded and \`update()\` used against one without it.

Latest run: ${results.date}, ${machine}${LOAD ? `, under load: ${LOAD === 'busy' ? 'two busy-loop processes' : 'a busy loop and a docs build'} started beside it` : ''}.

${table}
`
// The playground's section and figures come from playground/bench/first-output.mjs: keep them.
const markdownFile = new URL('../BENCHMARKS.md', import.meta.url)
const resultsFile = new URL('./results.json', import.meta.url)
const previous = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {}
const playgroundSection = existsSync(markdownFile) ? (/\n## Playground:[\s\S]*$/.exec(readFileSync(markdownFile, 'utf8'))?.[0] ?? '') : ''
stopLoad()
// A reduced run, or one under load, is printed, not kept: the files hold complete runs only.
if (ONLY === undefined && LOAD === undefined) {
  writeFileSync(markdownFile, markdown + playgroundSection)
  writeFileSync(resultsFile, `${JSON.stringify({ ...previous, ...results }, null, 2)}\n`)
}
console.log(markdown)
