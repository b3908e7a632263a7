import { describe, expect, it, onTestFinished } from 'vitest'
import { fixture, runNode, until } from './helpers.js'
import { isRunning } from './probes.js'

const KINDS = {
  'a child that loads the library': { kind: 'library', count: 1 },
  'a child that never loads the library and keeps itself alive': { kind: 'plain', count: 1 },
  'the grandchildren both kinds of child started': { kind: 'grandchildren', count: 6 },
} as const
const ENDS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'crash'] as const

/** What the library promises: nothing of main's is left this long after main is gone. */
const PROMISED_MS = 2_000

describe('no descendant outlives main, however main ends', () => {
  for (const end of ENDS) {
    for (const [what, { kind, count }] of Object.entries(KINDS)) {
      it(`${end === 'crash' ? 'main crashes' : `main gets ${end}`}: ${what}`, async () => {
        const main = runNode(fixture('descendants-main.mjs'), [kind])
        const pids = (): number[] => main.lines.filter(line => /^pid \d+$/.test(line)).map(line => Number(line.slice(4)))
        onTestFinished(() => {
          main.child.kill('SIGKILL')
          for (const pid of pids()) {
            try {
              process.kill(pid, 'SIGKILL')
            } catch {
              /* gone, as it should be */
            }
          }
        })
        await main.waitForLine(/^started$/)
        await until(
          () => pids().length === count,
          10_000,
          () => `${count} pid lines in:\n${main.lines.join('\n')}`,
        )
        expect(pids().filter(isRunning)).toHaveLength(count)
        main.child.kill(end === 'crash' ? 'SIGUSR2' : end)
        await main.exited
        await new Promise(resolve => setTimeout(resolve, PROMISED_MS))
        expect(pids().filter(isRunning), main.lines.join('\n')).toEqual([])
      })
    }
  }
})
