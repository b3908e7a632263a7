import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessExitedError, getBot, getChannel } from 'liteyuki-comm'
import { fixture, runNode, startAgent, until } from './helpers.js'

describe('a wait on a process that died settles with an error', () => {
  afterAll(() => getBot().stop())

  it('rejects main\'s receive() when the child on the other end crashes', async () => {
    const agent = await startAgent('dies-while-awaited', { restart: 'never' })
    await agent.call('register', 'lonely-line')
    const waiting = getChannel('lonely-line').receive()
    await agent.call('exit', 7)
    await expect(waiting).rejects.toThrow(ProcessExitedError)
    await expect(waiting).rejects.toThrow("Process 'dies-while-awaited' exited (exit code 7) while receive() on channel 'lonely-line' was waiting on it.")
  })

  it('rejects a child\'s receive() and storage call when main is killed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'liteyuki-comm-')), 'results.txt')
    const main = runNode(fixture('doomed-main.mjs'), [out])
    await main.waitForLine(/^frozen$/)
    main.child.kill('SIGKILL')
    await until(() => { try { return readFileSync(out, 'utf8').split('\n').length === 2 } catch { return false } }, 5_000)
    const results = readFileSync(out, 'utf8').split('\n').sort()
    expect(results).toEqual([
      "get: ProcessExitedError ERR_PROCESS_EXITED Process 'main' exited while sharedMemory.get('anything') was waiting on it.",
      "receive: ProcessExitedError ERR_PROCESS_EXITED Process 'main' exited while receive() on channel 'waiter-active' was waiting on it.",
    ])
  })
})
