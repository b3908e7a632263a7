import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessExitedError, getBot, getChannel } from 'liteyuki-comm'
import { fixture, runNode, startAgent, until } from './helpers.js'

describe('a wait on a process that died settles with an error', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it("rejects main's receive() when the child on the other end crashes", async () => {
    const agent = await startAgent('dies-while-awaited', { restart: 'never' })
    await agent.call('register', 'lonely-line')
    const waiting = getChannel('lonely-line').receive()
    await agent.call('exit', 7)
    await expect(waiting).rejects.toThrow(ProcessExitedError)
    await expect(waiting).rejects.toThrow("Process 'dies-while-awaited' exited (exit code 7) while receive() on channel 'lonely-line' was waiting on it.")
  })

  it.each(['stopProcess', 'removeProcess'] as const)(
    "rejects main's receive() when the child on the other end is stopped with %s",
    async how => {
      const name = `left-by-${how}`
      const agent = await startAgent(name)
      await agent.call('register', `${name}-line`)
      // The expectation is attached before the stop, so the rejection is never unhandled.
      const rejected = expect(getChannel(`${name}-line`).receive()).rejects.toThrow(
        `Process '${name}' exited (exit code 0) while receive() on channel '${name}-line' was waiting on it.`,
      )
      await bot[how](name)
      await rejected
    },
    15_000,
  )

  it("rejects a child's receive() when the other child on its channel is stopped", async () => {
    const [waiter, leaver] = [await startAgent('pair-waiter'), await startAgent('pair-leaver')]
    await waiter.call('register', 'pair-line')
    await leaver.call('listen', 'pair-line')
    const rejected = expect(waiter.call('receiveOne', 'pair-line')).rejects.toMatchObject({
      name: 'ProcessExitedError',
      message: "Process 'pair-leaver' exited (exit code 0) while receive() on channel 'pair-line' was waiting on it.",
    })
    await waiter.call('echo', 'the receive is registered')
    await bot.stopProcess('pair-leaver')
    await rejected
    // Begun after the other holder left for good: rejected at once, not left waiting.
    await expect(waiter.call('receiveOne', 'pair-line')).rejects.toMatchObject({
      name: 'ProcessExitedError',
      message: "Process 'pair-leaver' exited (exit code 0) before receive() on channel 'pair-line' began, and no other process holds the channel.",
    })
  }, 15_000)

  it('rejects at once a receive() begun after the other holder crashed for good or was stopped', async () => {
    const crashed = await startAgent('crashed-for-good', { restart: 'never' })
    await crashed.call('register', 'crashed-line')
    await crashed.call('exit', 4)
    await until(() => bot.getProcess('crashed-for-good')!.state === 'crashed')
    await expect(getChannel('crashed-line').receive()).rejects.toThrow(
      "Process 'crashed-for-good' exited (exit code 4) before receive() on channel 'crashed-line' began, and no other process holds the channel.",
    )

    const stopped = await startAgent('stopped-for-good')
    await stopped.call('register', 'stopped-line')
    await bot.stopProcess('stopped-for-good')
    await expect(getChannel('stopped-line').receive()).rejects.toMatchObject({
      name: 'ProcessExitedError',
      process: 'stopped-for-good',
      exitCode: 0,
      signal: null,
    })
    // Messages it sent before it left are still received first.
    await bot.startProcess('stopped-for-good')
    await stopped.call('send', 'stopped-line', 'last words')
    await bot.stopProcess('stopped-for-good')
    await expect(getChannel('stopped-line').receive()).resolves.toBe('last words')
    await expect(getChannel('stopped-line').receive()).rejects.toThrow(ProcessExitedError)
    // Started again, it is waited for again.
    await bot.startProcess('stopped-for-good')
    const waiting = getChannel('stopped-line').receive()
    await stopped.call('send', 'stopped-line', 'back')
    await expect(waiting).resolves.toBe('back')
  }, 15_000)

  it('waits for a child that has not started yet, is restarting, or crashed and will be restarted', async () => {
    bot.addProcess('not-yet', fixture('agent-child.mjs'))
    const notYet = getChannel('not-yet-active')
    const reply = notYet.receive()
    notYet.send({ id: 1, action: 'echo', args: ['sent before it started'] })
    await bot.startProcess('not-yet')
    await expect(reply).resolves.toMatchObject({ id: 1, value: 'sent before it started' })

    const restarted = await startAgent('restarted-on-purpose')
    await restarted.call('register', 'restarted-line')
    const acrossRestart = getChannel('restarted-line').receive()
    await bot.restartProcess('restarted-on-purpose')
    await restarted.call('send', 'restarted-line', 'after restart')
    await expect(acrossRestart).resolves.toBe('after restart')

    const phoenix = await startAgent('phoenix', { restartDelay: 300 })
    await phoenix.call('register', 'phoenix-line')
    const crashedWhileWaiting = expect(getChannel('phoenix-line').receive()).rejects.toThrow(
      "Process 'phoenix' exited (exit code 1) while receive() on channel 'phoenix-line' was waiting on it.",
    )
    await phoenix.call('exit', 1)
    await crashedWhileWaiting
    // Begun while the crashed child waits for its automatic restart: it waits for the new one.
    const afterCrash = getChannel('phoenix-line').receive()
    await until(() => bot.getProcess('phoenix')!.state === 'running')
    await phoenix.call('send', 'phoenix-line', 'risen')
    await expect(afterCrash).resolves.toBe('risen')
  }, 15_000)

  it("rejects main's receive() when bot.stop() stops the child on the other end", async () => {
    const agent = await startAgent('stopped-with-bot')
    await agent.call('register', 'bot-stop-line')
    const rejected = expect(getChannel('bot-stop-line').receive()).rejects.toThrow(
      "Process 'stopped-with-bot' exited (exit code 0) while receive() on channel 'bot-stop-line' was waiting on it.",
    )
    await bot.stop()
    await rejected
  }, 15_000)

  it("rejects a child's receive() and storage call when main is killed", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'liteyuki-comm-')), 'results.txt')
    const main = runNode(fixture('doomed-main.mjs'), [out])
    await main.waitForLine(/^frozen$/)
    main.child.kill('SIGKILL')
    await until(() => {
      try {
        return readFileSync(out, 'utf8').split('\n').length === 2
      } catch {
        return false
      }
    }, 5_000)
    const results = readFileSync(out, 'utf8').split('\n').sort()
    expect(results).toEqual([
      "get: ProcessExitedError ERR_PROCESS_EXITED Process 'main' exited while sharedMemory.get('anything') was waiting on it.",
      "receive: ProcessExitedError ERR_PROCESS_EXITED Process 'main' exited while receive() on channel 'waiter-active' was waiting on it.",
    ])
  })
})
