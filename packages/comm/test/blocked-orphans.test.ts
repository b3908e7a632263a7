// No orphan even when blocked: a child whose main thread is stuck in a
// synchronous loop cannot run its own timers, yet it is ended soon after main
// dies, however main ends. (The promise is 2 s; the bound here is for hangs.)
import { describe, expect, it, onTestFinished } from 'vitest'
import { fixture, runNode, until } from './helpers.js'
import { isRunning } from './probes.js'

const CASES = [
  { end: 'SIGKILL', how: 'spin', kind: 'library' },
  { end: 'SIGKILL', how: 'wait', kind: 'plain' },
  { end: 'SIGTERM', how: 'wait', kind: 'library' },
  { end: 'SIGTERM', how: 'wait', kind: 'plain' },
  { end: 'crash', how: 'wait', kind: 'library' },
  { end: 'crash', how: 'wait', kind: 'plain' },
] as const

describe('a child whose event loop is blocked does not outlive main', () => {
  for (const { end, how, kind } of CASES) {
    const child = `a ${kind === 'library' ? 'child that loads the library' : 'child that never loads it'}, ${how === 'spin' ? 'in a busy loop' : 'blocked in a wait'}`
    it(`${end === 'crash' ? 'main crashes' : `main gets ${end}`}: ${child}`, async () => {
      const main = runNode(fixture('blocked-main.mjs'), [how, kind])
      let pid = 0
      onTestFinished(() => {
        main.child.kill('SIGKILL')
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL')
        } catch {
          /* gone, as it should be */
        }
      })
      await main.waitForLine(/^started$/)
      pid = Number((await main.waitForLine(/^pid \d+$/)).slice(4))
      expect(isRunning(pid)).toBe(true)
      main.child.kill(end === 'crash' ? 'SIGUSR2' : end)
      await main.exited
      await until(
        () => !isRunning(pid),
        20_000,
        () => `blocked child ${pid} to be ended`,
      )
    })
  }
})
