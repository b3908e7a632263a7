// The worker-pool recipe's sample, run as a reader would: every task is done
// once, the pool shares them, and the program ends by itself.
import { describe, expect, it, onTestFinished } from 'vitest'
import { runSnippet } from './helpers.js'

describe('the worker-pool recipe', () => {
  for (const lang of ['', 'zh/'] as const) {
    it(`${lang === '' ? 'English' : 'Chinese'}: 12 tasks shared by 3 workers, each result collected once, then the bot stops`, async () => {
      const main = runSnippet(`${lang}guide/worker-pool`, 'main.js')
      onTestFinished(() => void main.child.kill('SIGKILL'))
      expect(await main.exited, main.lines.join('\n')).toBe(0)
      const results = main.lines.filter(line => /^task \d+: 2 words, by worker-\d$/.test(line))
      expect(results.map(line => Number(/^task (\d+)/.exec(line)![1])).toSorted((a, b) => a - b)).toEqual([...Array(12).keys()])
      const counts = ['worker-1', 'worker-2', 'worker-3'].map(worker => results.filter(line => line.endsWith(`by ${worker}`)).length)
      expect(main.lines.filter(line => / did \d+ tasks$/.test(line))).toEqual(counts.map((count, i) => `worker-${i + 1} did ${count} tasks`))
      // Shared: every worker did some, none more than half.
      expect(Math.min(...counts), counts.join('/')).toBeGreaterThan(0)
      expect(Math.max(...counts), counts.join('/')).toBeLessThanOrEqual(6)
    })
  }
})
