import { afterAll, describe, expect, it } from 'vitest'
import { getBot, type ProcessExitInfo } from 'liteyuki-comm'
import { fixture, isAlive, startAgent, until } from './helpers.js'

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
    const polite = await startAgent('polite')
    const { pid } = await polite.call<{ pid: number }>('whoami')
    await bot.stopProcess('polite')
    expect(bot.getProcess('polite')).toMatchObject({ state: 'stopped', pid: undefined })
    expect(isAlive(pid)).toBe(false)

    bot.addProcess('stubborn', fixture('stubborn-child.mjs'), { stopTimeout: 300 })
    const { getChannel } = await import('liteyuki-comm')
    const ready = getChannel('stubborn-passive').receive({ timeout: 10_000 })
    await bot.startProcess('stubborn')
    await ready
    const stubbornPid = bot.getProcess('stubborn')!.pid!
    await new Promise(resolve => setTimeout(resolve, 100))
    await bot.stopProcess('stubborn')
    expect(isAlive(stubbornPid)).toBe(false)
    expect(bot.getProcess('stubborn')!.state).toBe('stopped')
  })

  it('lists its processes', () => {
    const names = bot.getProcesses().map(p => p.name)
    expect(names).toEqual(expect.arrayContaining(['restartable', 'crashy', 'polite', 'stubborn']))
    expect(bot.getProcess('nope')).toBeUndefined()
  })
})
