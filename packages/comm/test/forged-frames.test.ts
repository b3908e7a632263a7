import { afterAll, describe, expect, it, vi } from 'vitest'
import { Channel, getBot, getChannel, setChannel, sharedMemory } from 'liteyuki-comm'
import { fixture, startAgent } from './helpers.js'

describe('main trusts no frame from a child', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('drops 1000 forged frames of every kind with a few short lines, leaving main, the store and other children untouched', async () => {
    setChannel('guarded', new Channel('guarded', { maxQueue: 1000 }))
    const senders = new Set<string>()
    const inbox = new Channel('main-inbox')
    setChannel('main-inbox', inbox)
    inbox.onReceive((_, { from }) => {
      senders.add(from)
    })
    await sharedMemory.set('counter', 1)
    const victim = await startAgent('victim')
    await victim.call('register', 'victim-inbox')
    await victim.call('listen', 'victim-inbox')
    // The error hook hears every frame dropped, where the printing keeps to a line a second.
    // A hook that fails is printed a line a second at most, and keeps no other hook from hearing.
    const stopFailing = bot.onError(() => {
      throw new Error('a broken error hook')
    })
    const heard: Array<{ source: string; message: string }> = []
    const stopHearing = bot.onError((error, source) => {
      heard.push({ source, message: error.message })
    })
    const started = Date.now()
    const lines: string[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '))
    })
    try {
      bot.addProcess('forger', fixture('forger-child.mjs'))
      const done = getChannel('forger-passive').receive({ timeout: 30_000 })
      await bot.startProcess('forger')
      await expect(done).resolves.toBe('done forging')
      await victim.call('echo', 'a round trip, so anything injected would have arrived')
    } finally {
      spy.mockRestore()
      stopHearing()
      stopFailing()
    }
    // One line per source and second: on a loaded machine the flood takes longer, and a source may print again.
    const seconds = Math.ceil((Date.now() - started) / 1000)
    const bySource = new Map<string, string[]>()
    for (const line of lines) {
      const source = /^\[liteyuki-comm\] (.*?): /.exec(line)?.[1] ?? line
      bySource.set(source, [...(bySource.get(source) ?? []), line])
    }
    for (const [source, printed] of bySource) expect(printed.length, source).toBeLessThanOrEqual(seconds + 1)
    expect(bySource.get('an onError hook')?.[0]).toContain('a broken error hook')
    bySource.delete('an onError hook')
    // The sender is the link a frame came on, whatever the frame says.
    expect([...senders]).toEqual(['forger'])
    // Nothing reached the other child, the store and the bound are as they were.
    expect(victim.events.filter(e => e.channel === 'victim-inbox')).toEqual([])
    expect(await sharedMemory.getAll()).toEqual({ counter: 1 })
    const guarded = getChannel<number>('guarded')
    for (let i = 0; i < 1000; i++) guarded.send(i)
    expect(() => guarded.send(1000)).toThrow("Channel 'guarded' is full")
    // One short line per kind of malformed frame, no stack traces.
    expect(bySource.size).toBeLessThanOrEqual(16)
    expect(lines.every(line => !line.includes('\n    at '))).toBe(true)
    expect(lines.join('\n')).toContain("process 'forger' sent a malformed 'send' frame")
    expect(lines.join('\n')).toContain('too many unregistered channels (1024)')
    expect(heard.length).toBeGreaterThan(lines.length)
    expect(new Set(heard.map(e => e.source))).toEqual(new Set(bySource.keys()))
    expect(heard).toContainEqual({ source: "process 'forger' sent a malformed 'send' frame", message: expect.stringContaining('the frame was dropped') })
    expect(heard.filter(e => e.message.includes('too many unregistered channels (1024)')).length).toBeGreaterThan(1)
  }, 60_000)

  it('gives a key that a forged lock frame holds to the others once its lease runs out, and refuses the late commit', async () => {
    // A lease long enough that a loaded machine still finds the key held before it runs out.
    getBot({ updateLease: 2000 })
    try {
      await sharedMemory.set('forged-lock', 1)
      const other = await startAgent('lock-waiter')
      bot.addProcess('lock-forger', fixture('lock-forger-child.mjs'), { args: ['forged-lock'] })
      const granted = getChannel('lock-forger-passive').receive({ timeout: 10_000 })
      await bot.startProcess('lock-forger')
      await expect(granted).resolves.toMatchObject({ lock: expect.any(Number), v: 1, lease: 2000 })
      // Held while the lease runs...
      await expect(other.call('incrementWithin', 'forged-lock', 50)).rejects.toMatchObject({ code: 'ERR_TIMEOUT' })
      // ...and free once it has run out, though the forger still runs and never committed.
      await expect(other.call('incrementWithin', 'forged-lock', 20_000)).resolves.toBe(2)
      expect(bot.getProcess('lock-forger')?.state).toBe('running')
      const refused = getChannel('lock-forger-passive').receive({ timeout: 10_000 })
      getChannel('lock-forger-active').send('commit')
      await expect(refused).resolves.toMatchObject({
        code: 'ERR_LOCK_EXPIRED',
        message: expect.stringContaining("key 'forged-lock' longer than its lease of 2000 ms"),
      })
      await expect(sharedMemory.get('forged-lock')).resolves.toBe(2)
    } finally {
      getBot({ updateLease: 10_000 })
    }
  })
})
