import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getBot, getChannel, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

describe('a process that queues many lock requests on one key', () => {
  const bot = getBot()
  beforeAll(() => {
    getBot({ updateLease: 300 })
  })
  afterAll(async () => {
    getBot({ updateLease: 10_000 })
    await bot.stop()
  })

  it("holds one place in the key's line: another process waits at most one of its leases, however many it queued", async () => {
    const events: Array<{ granted?: string; queued?: number }> = []
    let queued: () => void
    const allQueued = new Promise<void>(resolve => (queued = resolve))
    bot.addProcess('hoarder', fixture('hoarder-child.mjs'), { args: ['hoarded', '10'] })
    getChannel<{ granted?: string; queued?: number }>('hoarder-passive').onReceive(event => {
      events.push(event)
      if (event.queued) queued()
    })
    await bot.startProcess('hoarder')
    await allQueued
    const grants = (): number => events.filter(e => e.granted).length
    await expect(sharedMemory.update<number>('hoarded', value => (value ?? 0) + 1)).resolves.toBe(1)
    // The hoarder had the key when main asked; its next request waited in its own line, behind main's.
    expect(grants()).toBeLessThanOrEqual(1)
    await bot.stopProcess('hoarder')
  })
})
