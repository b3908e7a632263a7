import { afterAll, describe, expect, it } from 'vitest'
import { getBot, getChannel, onStop, WrongProcessError, type InspectEvent, type ProcessExitInfo } from 'liteyuki-comm'
import { fixture } from './helpers.js'

describe('a child that main stops ends cleanly', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it.each(['receive', 'for-await', 'passive'])('in %s mode: nothing printed, exit code 0, onStop runs, and what it sends arrives', async mode => {
    const name = `stopping-${mode}`
    const stderr: string[] = []
    const write = process.stderr.write.bind(process.stderr)
    bot.addProcess(name, fixture('stopping-child.mjs'), { args: [mode], stdio: 'prefix' })
    const replies: string[] = []
    getChannel<string>(`${name}-passive`).onReceive(reply => {
      replies.push(reply)
    })
    const exits: ProcessExitInfo[] = []
    bot.onProcessExit(info => void exits.push(info))
    const states: InspectEvent[] = []
    const stopInspecting = bot.inspect(event => void (event.type === 'process' && event.name === name && states.push(event)))
    await bot.startProcess(name)
    getChannel(`${name}-active`).send('job')
    await expect.poll(() => replies).toContain('got job')
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write
    try {
      await bot.stopProcess(name)
    } finally {
      process.stderr.write = write
    }
    await expect.poll(() => replies).toContain('goodbye')
    if (mode === 'passive') expect(replies).toContain('finished job')
    stopInspecting()
    // Stopped on purpose: no exit report, and nothing on stderr; it left with code 0 by itself.
    expect(exits).toEqual([])
    expect(states.at(-1)).toMatchObject({ state: 'stopped', code: 0, signal: null })
    expect(stderr.filter(line => line.includes(`[${name}]`))).toEqual([])
  })

  it('onStop() is for children: main gets a clear error', () => {
    expect(() => onStop(() => {})).toThrow(WrongProcessError)
  })
})
