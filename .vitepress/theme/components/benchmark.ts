import results from '../../../packages/comm/bench/results.json'

type Direction = 'm2c' | 'c2m' | 'c2c'
type Mode = 'receive' | 'forawait' | 'passive'

/** Fair dispatch: `fair-<receive mode>-<prefetch>`, a time with no baseline. */
type FairScenario = `fair-${'passive' | 'receive' | 'for-await'}-${'default' | '0'}`

export interface BenchmarkRow {
  scenario: `${Direction}-${Mode}` | FairScenario | 'inspect-on' | 'roundtrip' | 'large' | 'storage-get' | 'storage-set' | 'storage-update' | 'awaits'
  count: number
  variant: 'raw-json' | 'raw-advanced' | 'comm-json' | 'comm-structured'
  value: number
  unit: string
  /** To raw JSON IPC in the same run; `null` for a row with no baseline (fair dispatch). */
  ratio: number | null
  /** `min-1.0`: the ratio must be at least 1.0; `max-1.2`: at most 1.2; for a row without a ratio, bounds on its value. */
  target: string | null
  /** The lowest and highest ratio of the repeats (of the value, for a row without a ratio). */
  spread?: [number, number]
  /** Fair dispatch: the most jobs one worker did. */
  most?: number
}

/** The rows compared with raw IPC, which the chart draws. */
export const isRatioRow = (row: BenchmarkRow): row is BenchmarkRow & { ratio: number } => row.ratio !== null

export interface PlaygroundTiming {
  example: string
  playgroundMs: number
  terminalMs: number
  ratio: number
}

export const benchmark = results as { date: string; machine: string; repeats: number; rows: BenchmarkRow[]; playground?: PlaygroundTiming }

type Lang = 'en' | 'zh'

const DIRECTIONS: Record<Direction, Record<Lang, string>> = {
  m2c: { en: 'main → child', zh: '主进程 → 子进程' },
  c2m: { en: 'child → main', zh: '子进程 → 主进程' },
  c2c: { en: 'child → child through main', zh: '子进程 → 子进程（经主进程转发）' },
}
const MODES: Record<Mode, Record<Lang, string>> = {
  receive: { en: 'a `while (true) await receive()` loop', zh: '`while (true) await receive()` 循环' },
  forawait: { en: '`for await`', zh: '`for await`' },
  passive: { en: 'a passive handler', zh: '被动模式的处理函数' },
}

const SCENARIOS: Record<Exclude<BenchmarkRow['scenario'], `${Direction}-${Mode}`>, Record<Lang, (n: string) => string>> = {
  'inspect-on': {
    en: n => `main → child, passive, ${n} messages, with a bot.inspect() listener (ratio: to the same without one)`,
    zh: n => `主进程 → 子进程，被动模式，${n} 条消息，挂着 bot.inspect() 监听者（比值相对于不挂监听者）`,
  },
  roundtrip: { en: n => `Round trip (ping-pong), ${n} in sequence`, zh: n => `往返延迟（乒乓），依次 ${n} 次` },
  large: { en: n => `main → child, ${n} payloads of 1 MB`, zh: n => `主进程 → 子进程，${n} 个 1 MB 负载` },
  'storage-get': { en: n => `sharedMemory.get from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.get` },
  'storage-set': { en: n => `sharedMemory.set from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.set` },
  'storage-update': { en: n => `sharedMemory.update from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.update` },
  awaits: {
    en: n => `${n} unrelated awaits: raw-json without the library, comm-json with it loaded and update() used`,
    zh: n => `${n} 次与本库无关的 await：raw-json 为未加载本库，comm-json 为已加载并用过 update()`,
  },
}

const FAIR_MODES: Record<string, Record<Lang, string>> = {
  passive: { en: 'passive handlers', zh: '被动模式的处理函数' },
  receive: { en: '`receive()` loops', zh: '`receive()` 循环' },
  'for-await': { en: '`for await` loops', zh: '`for await` 循环' },
}

function fairLabel(scenario: FairScenario, n: string, lang: Lang): string {
  const [, mode, prefetch] = /^fair-(.+)-(default|0)$/.exec(scenario)!
  const modeLabel = FAIR_MODES[mode!]![lang]
  return lang === 'zh'
    ? `公平分发：3 个工作进程开始监听之前发出 ${n} 个 50 ms 的任务（${modeLabel}，prefetch ${prefetch === '0' ? '0' : '默认值'}），从最后一个开始监听到最后一个任务完成的毫秒数`
    : `Fair dispatch: ${n} jobs of 50 ms sent before 3 workers listen (${modeLabel}, prefetch ${prefetch}), ms from the last one listening to the last job done`
}

export function scenarioLabel(row: Pick<BenchmarkRow, 'scenario' | 'count'>, lang: Lang): string {
  const n = row.count.toLocaleString('en-US')
  if (row.scenario.startsWith('fair-')) return fairLabel(row.scenario as FairScenario, n, lang)
  const [direction, mode] = row.scenario.split('-') as [Direction, Mode]
  if (direction in DIRECTIONS && mode in MODES) {
    return lang === 'zh'
      ? `${DIRECTIONS[direction].zh}，用${MODES[mode].zh}读取，${n} 条约 100 字节的消息`
      : `${DIRECTIONS[direction].en}, read with ${MODES[mode].en}, ${n} messages of ~100 B`
  }
  return SCENARIOS[row.scenario as keyof typeof SCENARIOS][lang](n)
}

/** A label's text and code: what its Markdown-like backticks mark is code, drawn as such and never shown as backticks. */
export function labelParts(label: string): Array<{ text: string; code: boolean }> {
  return label
    .split('`')
    .map((text, i) => ({ text, code: i % 2 === 1 }))
    .filter(part => part.text !== '')
}

export function formatValue(row: BenchmarkRow): string {
  const digits = row.unit === 'µs' || row.unit === 'MB/s' || row.unit === 'M/s' ? 1 : 0
  return `${row.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}\u00A0${row.unit}`
}

/** The ratio with the range of the repeats; a dash for a row with no baseline. */
export function ratioText(row: BenchmarkRow): string {
  if (row.ratio === null) return '—'
  const range = row.spread ? ` (${row.spread.map(r => r.toFixed(2)).join('–')})` : ''
  return `${row.ratio.toFixed(2)}×${range}`
}

export function targetMet(row: BenchmarkRow): boolean | null {
  if (!row.target) return null
  const [kind, bound] = row.target.split('-')
  const measured = row.ratio ?? row.value
  return kind === 'min' ? measured >= Number(bound) : measured <= Number(bound)
}

export function targetText(row: Pick<BenchmarkRow, 'target' | 'ratio' | 'unit'>): string {
  if (!row.target) return ''
  const [kind, bound] = row.target.split('-')
  return `${kind === 'min' ? '≥' : '≤'} ${bound}${row.ratio === null ? ` ${row.unit}` : '×'}`
}
