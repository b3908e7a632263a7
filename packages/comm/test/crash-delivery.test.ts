import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, getChannel, setChannel } from 'liteyuki-comm'
import { fixture, until } from './helpers.js'

const TOTAL = 300
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('nothing is lost when a child crashes', () => {
  const bot = getBot()
  afterAll(() => bot.stop())
  let run = 0

  describe.each(['passive', 'receive', 'for-await'])('%s mode', mode => {
    it.each([
      ['process.exit()', 'a burst'],
      ['process.exit()', 'a steady stream'],
      ['an uncaught throw', 'a burst'],
      ['an uncaught throw', 'a steady stream'],
    ])('the child dies by %s during %s of messages: every message is processed', async (style, pattern) => {
      const how = style === 'process.exit()' ? 'exit' : 'throw'
      const dir = mkdtempSync(join(tmpdir(), 'liteyuki-crash-'))
      const log = join(dir, 'log')
      const marker = join(dir, 'crashed')
      const channel = 'crash-work'
      const name = `crashy-${run++}`
      if (run === 1) setChannel(channel, new Channel(channel))
      bot.addProcess(name, fixture('crashy-worker.mjs'), { args: [mode, how, log, marker], restartDelay: 20, stdio: 'prefix' })
      await bot.startProcess(name)
      const out = getChannel<number>(channel)
      for (let n = 0; n < TOTAL; n++) {
        out.send(n)
        if (pattern === 'a steady stream' && n % 10 === 9) await sleep(2)
      }
      const lines = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [])
      await until(
        () => new Set(lines().map(line => line.split(' ')[0])).size === TOTAL,
        30_000,
        () => `all ${TOTAL} processed; got ${new Set(lines().map(l => l.split(' ')[0])).size}`,
      )
      await bot.removeProcess(name)
      const entries = lines().map(line => line.split(' ').map(Number) as [number, number])
      const ids = entries.map(([id]) => id)
      expect(existsSync(marker)).toBe(true)
      expect([...new Set(ids)].sort((a, b) => a - b)).toEqual([...Array(TOTAL).keys()])
      if (mode === 'passive') {
        // The message whose handler was running when the process died came again, and said so.
        expect(entries.filter(([, redelivered]) => redelivered === 1).length).toBeGreaterThan(0)
      }
      // At-least-once: a message finished just before the crash may come twice, never more.
      const counts = new Map<number, number>()
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1)
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2)
    })
  })
})
