import results from '../../../packages/comm/bench/results.json'

export interface BenchmarkRow {
  scenario: 'small' | 'roundtrip' | 'large' | 'storage-get' | 'storage-set' | 'storage-update'
  count: number
  variant: 'raw-json' | 'raw-advanced' | 'comm-json' | 'comm-structured'
  value: number
  unit: string
  ratio: number
  target: 'min-0.9' | 'max-1.3' | null
}

export interface PlaygroundTiming {
  example: string
  playgroundMs: number
  terminalMs: number
  ratio: number
}

export const benchmark = results as { date: string; machine: string; repeats: number; rows: BenchmarkRow[]; playground?: PlaygroundTiming }

type Lang = 'en' | 'zh'

const SCENARIOS: Record<BenchmarkRow['scenario'], Record<Lang, (n: string) => string>> = {
  'small': { en: n => `One-way throughput, ${n} messages of ~100 B`, zh: n => `单向吞吐量，${n} 条约 100 字节的消息` },
  'roundtrip': { en: n => `Round trip (ping-pong), ${n} in sequence`, zh: n => `往返延迟（乒乓），依次 ${n} 次` },
  'large': { en: n => `One-way throughput, ${n} payloads of 1 MB`, zh: n => `单向吞吐量，${n} 个 1 MB 负载` },
  'storage-get': { en: n => `sharedMemory.get from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.get` },
  'storage-set': { en: n => `sharedMemory.set from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.set` },
  'storage-update': { en: n => `sharedMemory.update from a child, ${n} in sequence`, zh: n => `子进程中依次调用 ${n} 次 sharedMemory.update` },
}

export function scenarioLabel(row: Pick<BenchmarkRow, 'scenario' | 'count'>, lang: Lang): string {
  return SCENARIOS[row.scenario][lang](row.count.toLocaleString('en-US'))
}

export function formatValue(row: BenchmarkRow): string {
  const digits = row.unit === 'µs' || row.unit === 'MB/s' ? 1 : 0
  return `${row.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${row.unit}`
}

export function targetMet(row: BenchmarkRow): boolean | null {
  if (row.target === 'min-0.9') return row.ratio >= 0.9
  if (row.target === 'max-1.3') return row.ratio <= 1.3
  return null
}
