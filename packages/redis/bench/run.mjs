// npm run bench (cluster part): two mains talking through a real redis-server,
// against the same work done with the bare Redis client in the same run.
// Ratios, not absolute figures, are what to compare: the machine may be busy.
import { fork, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { startLoad } from '../../comm/bench/load.mjs'
import { startRedis } from '../test/redis-server.mjs'

const MESSAGES = 20_000
const UPDATES = 1_000
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3)
/** The lowest ratio to the bare client the cluster aims for, in every scenario. */
const TARGET = 0.8
if (spawnSync('redis-server', ['--version']).error) {
  // The other parts of npm run bench need no Redis: they still run.
  console.log('Cluster benchmark skipped: redis-server is not installed (Debian/Ubuntu: apt install redis-server; macOS: brew install redis).')
  process.exit(0)
}
/** BENCH_LOAD=busy|mixed, as for the library's benchmark: the cluster and the bare client run beside the same load. */
const LOAD = process.env.BENCH_LOAD
const stopLoad = LOAD ? startLoad(LOAD) : () => {}
const redis = await startRedis()
let runs = 0

/** Forks the given processes, waits until each is ready, says go, and times until each receiver or updater is done. */
async function timed(script, configs) {
  const processes = configs.map(config => fork(new URL(script, import.meta.url), [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }))
  const next = (child, key) => new Promise(resolve => child.on('message', message => message[key] && resolve()))
  await Promise.all(processes.map(child => next(child, 'ready')))
  // Every main hears of the others' channel ends before the clock starts.
  await new Promise(resolve => setTimeout(resolve, 500))
  const waiting = processes.filter((_, i) => configs[i].role !== 'send').map(child => next(child, 'done'))
  const start = performance.now()
  for (const child of processes) child.send('go')
  await Promise.all(waiting)
  const elapsed = performance.now() - start
  await Promise.all(processes.map(child => new Promise(resolve => (child.once('exit', resolve), child.send('stop')))))
  return elapsed
}

const comm = (roles, count) => {
  const namespace = `bench${++runs}`
  return timed(
    './comm-main.mjs',
    roles.map((r, i) => ({ url: redis.url, namespace, node: `main-${i}`, count, ...r })),
  )
}
const bare = (roles, count) => {
  const key = `bare${++runs}`
  return timed(
    './bare.mjs',
    roles.map((r, i) => ({ url: redis.url, key, node: `client-${i}`, count, ...r })),
  )
}

/**
 * Each: an id the docs label, what it is, our run, the bare client's run with
 * the same guarantee (the baseline), optionally a bare run without it, and how
 * many operations one run makes.
 */
const RECEIVE_MODES = { receive: 'receive() loop', forawait: 'for await', passive: 'passive handler' }
const scenarios = [
  ...Object.entries(RECEIVE_MODES).map(([mode, label]) => [
    `messages-${mode}`,
    `messages, ${label}`,
    () => comm([{ role: 'send' }, { role: 'receive', mode }], MESSAGES),
    // At least once, as liteyuki-comm: a consumer group, each message acknowledged once used.
    () => bare([{ role: 'send' }, { role: 'receive', acknowledged: true }], MESSAGES),
    () => bare([{ role: 'send' }, { role: 'receive' }], MESSAGES),
    MESSAGES,
  ]),
  [
    'update',
    'update, 2 mains on one key',
    () => comm([{ role: 'update' }, { role: 'update' }], UPDATES),
    () => bare([{ role: 'update' }, { role: 'update' }], UPDATES),
    undefined,
    2 * UPDATES,
  ],
]

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const results = []
const rate = (operations, times) => Math.round((operations / median(times)) * 1000)
for (const [scenario, name, ours, theirs, unacknowledged, operations] of scenarios) {
  const mine = []
  const base = []
  const loose = []
  // Interleaved, so that a busy moment of the machine hits all alike.
  for (let i = 0; i < REPEATS; i++) {
    base.push(await theirs())
    if (unacknowledged) loose.push(await unacknowledged())
    mine.push(await ours())
  }
  // Each repeat's ratio to the baseline run beside it: the spread.
  const ratios = mine.map((ms, i) => base[i] / ms)
  const result = {
    scenario,
    name,
    operations,
    liteyuki: rate(operations, mine),
    bare: rate(operations, base),
    ...(unacknowledged ? { bareUnacknowledged: rate(operations, loose) } : {}),
    spread: [Math.min(...ratios), Math.max(...ratios)].map(r => Number(r.toFixed(2))),
  }
  result.ratio = Number((result.liteyuki / result.bare).toFixed(2))
  results.push(result)
  console.log(`${name}: ${result.liteyuki} op/s, bare client ${result.bare} op/s, ratio ${result.ratio}x (${result.spread.join('–')})`)
}
await redis.close()
stopLoad()
// A run under load is printed, not kept: the files hold quiet runs, which the docs describe.
if (LOAD) process.exit(0)

const table = results
  .map(
    r =>
      `| ${r.name} | ${r.liteyuki.toLocaleString('en')} | ${r.bare.toLocaleString('en')} | ${r.ratio.toFixed(2)}× (${r.spread.map(x => x.toFixed(2)).join('–')}) | ${r.bareUnacknowledged?.toLocaleString('en') ?? '—'} |`,
  )
  .join('\n')
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, repeats: REPEATS, target: TARGET, results }, null, 2)}\n`,
)
writeFileSync(
  new URL('../BENCHMARKS.md', import.meta.url),
  `# Cluster benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node.js ${process.version}, one local \`redis-server\` without persistence. Each figure is the median of ${REPEATS} runs, interleaved with the baseline. Two mains (separate processes, as on two machines) talk through Redis; the baseline does the same work with the bare ioredis client and the same guarantee: \`XADD\` with auto-pipelining, read at least once by a consumer group (\`XREADGROUP\`, and one \`XACK\` per batch read) for ${MESSAGES.toLocaleString('en')} messages of about 100 bytes, and a \`WATCH\`/\`MULTI\` compare-and-set loop for ${UPDATES.toLocaleString('en')} increments per main on one key. The last column is the bare client reading with plain \`XREAD\`, which acknowledges nothing: a message its reader took and did not use is gone if the reader dies. Target: at least ${TARGET}× the baseline. The ratio's range is the lowest and highest of the runs, each against the baseline run beside it.

| scenario | liteyuki-comm (op/s) | bare client, same guarantee (op/s) | ratio (range) | bare client, plain \`XREAD\` (op/s) |
| --- | ---: | ---: | ---: | ---: |
${table}
`,
)
