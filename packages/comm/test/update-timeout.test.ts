import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TimeoutError, getBot, sharedMemory } from 'liteyuki-comm'
import { startAgent } from './helpers.js'
import { gate } from './probes.js'

describe('sharedMemory.update() with a bound on the wait for its key', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('gives up in main after timeout while a child holds the key, and its withdrawn request holds up nobody', async () => {
    const agent = await startAgent('holder')
    const holding = agent.call('slowIncrement', 'contended', 1_000)
    await agent.waitForEvents(e => e.channel === 'lock-held')
    let ran = false
    await expect(
      sharedMemory.update(
        'contended',
        () => {
          ran = true
          return 100
        },
        { timeout: 50 },
      ),
    ).rejects.toThrow(TimeoutError)
    await expect(sharedMemory.update('contended', () => 100, { timeout: 50 })).rejects.toThrow(
      "sharedMemory.update('contended') did not get the key within 50 ms: other updates held it.",
    )
    // Queued behind the withdrawn requests: it gets the key as soon as the child lets go.
    const next = sharedMemory.update<number>('contended', value => (value ?? 0) + 10)
    await holding
    await expect(next).resolves.toBe(11)
    expect(ran).toBe(false)
    await expect(sharedMemory.get('contended')).resolves.toBe(11)
  })

  it('gives up in a child after timeout while main holds the key', async () => {
    const agent = await startAgent('waits-for-key')
    const release = gate()
    const entered = gate()
    const holding = sharedMemory.update<number>('held-by-main', async value => {
      entered.open()
      await release.opened
      return (value ?? 0) + 1
    })
    await entered.opened
    await expect(agent.call('incrementWithin', 'held-by-main', 50)).rejects.toMatchObject({ name: 'TimeoutError', code: 'ERR_TIMEOUT' })
    release.open()
    await holding
    await expect(agent.call('incrementWithin', 'held-by-main', 10_000)).resolves.toBe(2)
  })

  it("gives up when its signal aborts, with the signal's reason", async () => {
    const release = gate()
    const entered = gate()
    const holding = sharedMemory.update('aborted-key', async () => {
      entered.open()
      await release.opened
      return 'first'
    })
    await entered.opened
    const controller = new AbortController()
    const waiting = sharedMemory.update('aborted-key', () => 'second', { signal: controller.signal })
    controller.abort('no longer wanted')
    await expect(waiting).rejects.toBe('no longer wanted')
    release.open()
    await holding
    await expect(sharedMemory.get('aborted-key')).resolves.toBe('first')
    await expect(sharedMemory.update('aborted-key', () => 'third', { signal: AbortSignal.abort('too late') })).rejects.toBe('too late')
  })

  it('updates as usual when the key is free', async () => {
    await expect(sharedMemory.update<number>('free-key', value => (value ?? 41) + 1, { timeout: 1 })).resolves.toBe(42)
  })
})

describe("sharedMemory.update() holds its key for at most main's lease", () => {
  const bot = getBot()
  beforeAll(() => {
    getBot({ updateLease: 500 })
  })
  afterAll(async () => {
    getBot({ updateLease: 10_000 })
    await bot.stop()
  })

  it('rejects the update of an updater that never settles with ERR_LOCK_EXPIRED, and the others proceed', async () => {
    const hanging = await startAgent('hangs')
    const other = await startAgent('proceeds')
    await sharedMemory.set('hung', 0)
    const hung = hanging.call('hangUpdate', 'hung')
    await hanging.waitForEvents(e => e.channel === 'lock-held' && e.data === 'hung')
    const fromMain = sharedMemory.update<number>('hung', value => (value ?? 0) + 1, { timeout: 5_000 })
    const fromChild = other.call('incrementWithin', 'hung', 5_000)
    await expect(hung).rejects.toMatchObject({
      name: 'CommError',
      code: 'ERR_LOCK_EXPIRED',
      message:
        "sharedMemory.update('hung') held key 'hung' longer than its lease of 500 ms, so main gave the key to the next waiter and did not write the updater's result. Keep updaters short, or give updates a longer lease in main: getBot({ updateLease }).",
    })
    await expect(fromMain).resolves.toBe(1)
    await expect(fromChild).resolves.toBe(2)
    await expect(sharedMemory.get('hung')).resolves.toBe(2)
    // The process that hung is fine, and so is the key for it.
    await expect(hanging.call('incrementWithin', 'hung', 5_000)).resolves.toBe(3)
  })

  it('never writes what an updater returns after its lease, over the newer value', async () => {
    const late = await startAgent('late')
    await sharedMemory.set('overtaken', 'first')
    const stale = late.call('lateUpdate', 'overtaken', 1_000, 'stale')
    await late.waitForEvents(e => e.channel === 'lock-held' && e.data === 'overtaken')
    await expect(sharedMemory.update('overtaken', () => 'newer', { timeout: 5_000 })).resolves.toBe('newer')
    await expect(stale).rejects.toMatchObject({ code: 'ERR_LOCK_EXPIRED' })
    await late.waitForEvents(e => e.channel === 'updater-returned')
    // A round trip after the updater returned: anything it sent has reached main.
    await late.call('get', 'overtaken')
    await expect(sharedMemory.get('overtaken')).resolves.toBe('newer')
  })

  it('writes the result of an updater that takes most of its lease, once main confirms it', async () => {
    getBot({ updateLease: 2_000 })
    try {
      const slow = await startAgent('slow-in-time')
      await expect(slow.call('lateUpdate', 'in-time', 1_200, 'written')).resolves.toBe('written')
      await expect(sharedMemory.get('in-time')).resolves.toBe('written')
    } finally {
      getBot({ updateLease: 500 })
    }
  })
})
