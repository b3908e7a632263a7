import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessError, getBot } from 'liteyuki-comm'
import { fixture, isAlive, tempDir } from './helpers.js'
import { gate } from './probes.js'

// stop() waits for a running after-start hook only where calls are followed through awaits (Node.js 24+, or this switch).
process.env.LITEYUKI_COMM_DEBUG = '1'

describe('start() and stop() at awkward moments', () => {
  const bot = getBot()
  const events: string[] = []
  afterAll(() => bot.stop())

  it('joins a start under way, or done, instead of starting again: hooks run once', async () => {
    bot.addProcess('once', fixture('library-child.mjs'), { stdio: 'inherit' })
    const offBefore = bot.onBeforeStart(() => void events.push('before start'))
    const offAfter = bot.onAfterStart(() => void events.push('after start'))
    const first = bot.start()
    const second = bot.start()
    await Promise.all([first, second])
    const { pid } = bot.getProcess('once')!
    await bot.start()
    expect(events).toEqual(['before start', 'after start'])
    expect(bot.getProcess('once')).toMatchObject({ state: 'running', pid })
    offBefore()
    offAfter()
    await bot.stop()
  })

  it('starts nothing when stop() comes while the before-start hooks run', async () => {
    events.length = 0
    const held = gate()
    const offBefore = bot.onBeforeStart(() => held.opened)
    const offAfter = bot.onAfterStart(() => void events.push('after start'))
    const starting = bot.start()
    const stopping = bot.stop()
    held.open()
    await stopping
    await starting
    expect(bot.started).toBe(false)
    expect(bot.getProcess('once')!.state).toBe('stopped')
    expect(events).toEqual([])
    offBefore()
    offAfter()
  })

  it('runs no after-start hook once a stop that came while they ran has finished', async () => {
    events.length = 0
    const held = gate()
    const entered = gate()
    const offs = [
      bot.onAfterStart(async () => {
        events.push('first hook began')
        entered.open()
        await held.opened
        events.push('first hook ended')
      }),
      bot.onAfterStart(() => void events.push('second hook')),
    ]
    const starting = bot.start()
    await entered.opened
    const stopping = bot.stop().then(() => events.push('stopped'))
    // The stop must wait for the hook that had begun, and the next must not begin.
    setTimeout(held.open, 50)
    await stopping
    await starting
    expect(events).toEqual(['first hook began', 'first hook ended', 'stopped'])
    expect(bot.started).toBe(false)
    for (const off of offs) off()
  })

  it('does not wait for itself when an after-start hook calls stop()', async () => {
    const off = bot.onAfterStart(() => bot.stop())
    await bot.start()
    expect(bot.started).toBe(false)
    expect(bot.getProcess('once')!.state).toBe('stopped')
    off()
  })

  it('stops what it started and names what failed when a process cannot start', async () => {
    const file = join(tempDir('vanishing'), 'child.mjs')
    writeFileSync(file, '')
    bot.addProcess('vanishing', file)
    rmSync(file)
    const after = bot.onAfterStart(() => void events.push('after start despite failure'))
    events.length = 0
    const failure = await bot.start().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ProcessError)
    expect((failure as Error).message).toMatch(
      /^start\(\): a process failed to start: 'vanishing' \(Cannot start process 'vanishing': .*child\.mjs does not exist\.\)\. The processes that had started \('once'\) were stopped again; no process of this start is running\.$/,
    )
    expect(bot.getProcess('once')!.state).toBe('stopped')
    expect(bot.started).toBe(false)
    expect(events).toEqual([])
    after()
    await bot.removeProcess('vanishing')
    // Once the cause is gone, a start works again.
    await bot.start()
    const { pid } = bot.getProcess('once')!
    expect(isAlive(pid!)).toBe(true)
  })
})
