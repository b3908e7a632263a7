import { describe, expect, it } from 'vitest'
import { fixture, runNode, until } from './helpers.js'
import { isRunning } from './probes.js'

const KINDS = {
  'a child that loads the library': { kind: 'library', count: 1 },
  'a child that never loads the library and keeps itself alive': { kind: 'plain', count: 1 },
  'the grandchildren both kinds of child started': { kind: 'grandchildren', count: 6 },
} as const
const ENDS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'crash'] as const

/**
 * The library promises 2 s on an idle machine; this bound leaves room for a
 * loaded one, and a descendant that outlives main for good still fails.
 */
const GONE_WITHIN_MS = 15_000

// Each case waits on its own processes, so they run side by side.
describe.concurrent('no descendant outlives main, however main ends', () => {
  for (const end of ENDS) {
    for (const [what, { kind, count }] of Object.entries(KINDS)) {
      it(`${end === 'crash' ? 'main crashes' : `main gets ${end}`}: ${what}`, async ({ onTestFinished }) => {
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
          30_000,
          () => `${count} pid lines in:\n${main.lines.join('\n')}`,
        )
        expect(pids().filter(isRunning)).toHaveLength(count)
        main.child.kill(end === 'crash' ? 'SIGUSR2' : end)
        await main.exited
        await until(
          () => pids().filter(isRunning).length === 0,
          GONE_WITHIN_MS,
          () => `descendants ${pids().filter(isRunning).join(', ')} to end after main:\n${main.lines.join('\n')}`,
        )
      })
    }
  }
})
