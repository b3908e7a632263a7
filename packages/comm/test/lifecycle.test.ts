import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getBot, getChannel, type ProcessExitInfo } from 'liteyuki-comm'
import { fixture, isAlive, runNode, startAgent, tempDir, until } from './helpers.js'

describe('process lifecycle', () => {
  const bot = getBot()
  const exits: ProcessExitInfo[] = []
  const restarts: string[] = []
  bot.onProcessExit(info => void exits.push(info))
  bot.onBeforeRestart(name => void restarts.push(`before ${name}`))
  bot.onAfterRestart(name => void restarts.push(`after ${name}`))
  afterAll(() => bot.stop())

  it('restartProcess starts a new child on the same channels and runs the restart hooks', async () => {
    const agent = await startAgent('restartable')
    const before = await agent.call<{ pid: number }>('whoami')
    await bot.restartProcess('restartable')
    const after = await agent.call<{ pid: number; name: string }>('whoami')
    expect(after.name).toBe('restartable')
    expect(after.pid).not.toBe(before.pid)
    expect(isAlive(before.pid)).toBe(false)
    expect(restarts).toEqual(['before restartable', 'after restartable'])
    expect(exits.filter(e => e.name === 'restartable')).toEqual([])
  })

  it('restarts a child that asks for it', async () => {
    const agent = await startAgent('self-restarting')
    const before = await agent.call<{ pid: number }>('whoami')
    await agent.call('requestRestart')
    await until(() => restarts.includes('after self-restarting'))
    const after = await agent.call<{ pid: number }>('whoami')
    expect(after.pid).not.toBe(before.pid)
  })

  it('reports a crash and restarts it under the on-failure policy', async () => {
    const agent = await startAgent('crashy', { restartDelay: 10 })
    const { pid } = await agent.call<{ pid: number }>('whoami')
    await agent.call('exit', 3)
    await until(() => exits.some(e => e.name === 'crashy'))
    expect(exits.find(e => e.name === 'crashy')).toEqual({ name: 'crashy', code: 3, signal: null, crashed: true, willRestart: true })
    const after = await agent.call<{ pid: number }>('whoami')
    expect(after.pid).not.toBe(pid)
    expect(bot.getProcess('crashy')).toMatchObject({ state: 'running', restarts: 1 })
  })

  it('leaves a crashed child down under the never policy, and stops after maxRestarts', async () => {
    const never = await startAgent('never-restart', { restart: 'never' })
    await never.call('exit', 1)
    await until(() => bot.getProcess('never-restart')!.state === 'crashed')
    expect(exits.find(e => e.name === 'never-restart')).toMatchObject({ crashed: true, willRestart: false })

    const limited = await startAgent('limited', { maxRestarts: 1, restartDelay: 10 })
    await limited.call('exit', 1)
    await until(() => exits.filter(e => e.name === 'limited').length === 1 && bot.getProcess('limited')!.state === 'running')
    await limited.call('exit', 1)
    await until(() => exits.filter(e => e.name === 'limited').length === 2)
    expect(exits.filter(e => e.name === 'limited').map(e => e.willRestart)).toEqual([true, false])
  })

  it('treats a clean exit as no crash: restarted only under the always policy', async () => {
    const onFailure = await startAgent('clean-exit')
    await onFailure.call('exit', 0)
    await until(() => bot.getProcess('clean-exit')!.state === 'exited')
    expect(exits.find(e => e.name === 'clean-exit')).toMatchObject({ code: 0, crashed: false, willRestart: false })

    const always = await startAgent('always', { restart: 'always', restartDelay: 10 })
    await always.call('exit', 0)
    await until(() => exits.some(e => e.name === 'always'))
    expect(exits.find(e => e.name === 'always')).toMatchObject({ crashed: false, willRestart: true })
    await expect(always.call('whoami')).resolves.toMatchObject({ name: 'always' })
  })

  it('stops gracefully, and kills a child that does not stop within stopTimeout', async () => {
    // A stop that was not graceful would take the whole 30 s and end with a kill signal.
    const polite = await startAgent('polite', { stopTimeout: 30_000 })
    const marker = join(tempDir('polite'), 'exit.txt')
    await polite.call('markExit', marker)
    await polite.call('register', 'polite-line')
    const { pid } = await polite.call<{ pid: number }>('whoami')
    const waiting = expect(getChannel('polite-line').receive()).rejects.toMatchObject({
      name: 'ProcessExitedError',
      process: 'polite',
      exitCode: 0,
      signal: null,
    })
    await bot.stopProcess('polite')
    expect(bot.getProcess('polite')).toMatchObject({ state: 'stopped', pid: undefined })
    expect(isAlive(pid)).toBe(false)
    // It left through its own stop path: exit code 0 and its exit handlers ran, no signal.
    expect(readFileSync(marker, 'utf8')).toBe('exit 0')
    await waiting

    bot.addProcess('stubborn', fixture('stubborn-child.mjs'), { stopTimeout: 300 })
    const stubbornPassive = getChannel('stubborn-passive')
    const ready = stubbornPassive.receive({ timeout: 10_000 })
    await bot.startProcess('stubborn')
    await ready
    const stubbornPid = bot.getProcess('stubborn')!.pid!
    const stubbornWait = expect(stubbornPassive.receive()).rejects.toMatchObject({
      name: 'ProcessExitedError',
      process: 'stubborn',
      exitCode: null,
      signal: 'SIGKILL',
    })
    await new Promise(resolve => setTimeout(resolve, 100))
    await bot.stopProcess('stubborn')
    expect(isAlive(stubbornPid)).toBe(false)
    expect(bot.getProcess('stubborn')!.state).toBe('stopped')
    await stubbornWait
  })

  it('lists its processes', () => {
    const names = bot.getProcesses().map(p => p.name)
    expect(names).toEqual(expect.arrayContaining(['restartable', 'crashy', 'polite', 'stubborn']))
    expect(bot.getProcess('nope')).toBeUndefined()
  })
})

describe('a stop that overlaps a restart wins', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('does not start the child again when stopProcess comes while restartProcess runs', async () => {
    const agent = await startAgent('overtaken')
    const { pid } = await agent.call<{ pid: number }>('whoami')
    const restarted = bot.restartProcess('overtaken')
    await bot.stopProcess('overtaken')
    await restarted
    expect(bot.getProcess('overtaken')).toMatchObject({ state: 'stopped', pid: undefined })
    expect(isAlive(pid)).toBe(false)
    // A restart asked for afterwards, on purpose, starts it again.
    await bot.restartProcess('overtaken')
    await expect(agent.call('whoami')).resolves.toMatchObject({ name: 'overtaken' })
  })

  it.each(['call', 'request'])(
    'leaves main free to exit when bot.stop() overlaps a restart (%s)',
    async how => {
      const main = runNode(fixture('overlap-main.mjs'), [how], { LITEYUKI_COMM_STDIO: '' })
      onTestFinished(() => {
        main.child.kill('SIGKILL')
      })
      // Main exits on its own only if no child was started again behind the stop.
      expect(await main.exited).toBe(0)
      expect(main.lines).toContainEqual(expect.stringMatching(/^state stopped, pid none, first child \d+ alive false$/))
    },
    20_000,
  )
})
