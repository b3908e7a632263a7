// A child's calls settle when main dies, an update whose updater is running
// included: the code waiting on it learns that main is gone before the child
// leaves.
import { expect, it, onTestFinished } from 'vitest'
import { fixture, isAlive, runNode, until } from './helpers.js'

it("a child's update() whose updater runs when main is killed rejects with ProcessExitedError before the child exits", async () => {
  const main = runNode(fixture('updating-main.mjs'))
  onTestFinished(() => void main.child.kill('SIGKILL'))
  await main.waitForLine(/^holding$/)
  const pid = Number((await main.waitForLine(/^pid \d+$/)).slice(4))
  main.child.kill('SIGKILL')
  await main.exited
  // A hang bound: the child leaves within moments of main's death.
  await until(
    () => !isAlive(pid),
    20_000,
    () => `child ${pid} to exit`,
  )
  expect(main.lines.filter(line => line.startsWith('settled'))).toEqual([
    "settled: ProcessExitedError Process 'main' exited while sharedMemory.update('held-when-main-dies') was waiting on it.",
  ])
})
