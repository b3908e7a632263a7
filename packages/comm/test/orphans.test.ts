import { describe, expect, it } from 'vitest'
import { fixture, isAlive, runNode, until } from './helpers.js'

describe('children never outlive main', () => {
  for (const how of ['SIGKILL', 'SIGTERM', 'crash', 'SIGKILL over a socket transport'] as const) {
    it(`ends the children when main is ${how === 'crash' ? 'crashed by an uncaught error' : `killed with ${how}`}`, async () => {
      const main = runNode(fixture('orphan-main.mjs'), how === 'crash' ? ['crash'] : how.includes('socket') ? ['socket'] : [])
      const line = await main.waitForLine(/^child-pid \d+/)
      const childPid = Number(line.split(' ')[1])
      expect(isAlive(childPid)).toBe(true)
      if (how !== 'crash') main.child.kill(how === 'SIGTERM' ? 'SIGTERM' : 'SIGKILL')
      await main.exited
      await until(
        () => !isAlive(childPid),
        5_000,
        () => `child ${childPid} to exit after main`,
      )
    })
  }
})
