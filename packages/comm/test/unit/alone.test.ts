import { describe, expect, it } from 'vitest'
import { addEnd, settle, world, type TestEnd, type TestWorld } from './harness.js'

/** Children a and b, each holding `channel`; a's end is returned. */
async function pair(channel: string, prefetch?: number): Promise<{ w: TestWorld; b: ReturnType<TestWorld['child']>; endA: TestEnd }> {
  const w = world()
  const a = w.child('a')
  const b = w.child('b')
  const endA = addEnd(a.runtime, channel, prefetch)
  addEnd(b.runtime, channel)
  await settle()
  return { w, b, endA }
}

describe('an end learns when nobody else holds its channel', () => {
  it('a waiting receive() fails once every other holder left for good, and waits again once someone joins', async () => {
    const { w, b, endA } = await pair('pair')
    const waiting = endA.receiver.receive({}, 'receive()')
    w.kill(b, 'gone')
    await expect(waiting).rejects.toMatchObject({ name: 'ProcessExitedError' })

    // Alone, a receive() fails at once rather than waiting forever.
    await expect(endA.receiver.receive({}, 'receive()')).rejects.toMatchObject({ name: 'ProcessExitedError' })

    // Company undoes it: a new holder joins, and its message arrives.
    const c = w.child('c')
    addEnd(c.runtime, 'pair')
    await settle()
    const next = endA.receiver.receive({}, 'receive()')
    c.runtime.client.send('pair', 'hello again', 0)
    await expect(next).resolves.toBe('hello again')
  })

  it('is not alone while messages wait for it: it uses them first, then fails', async () => {
    const { w, b, endA } = await pair('last-words')
    b.runtime.client.send('last-words', 'one', 0)
    b.runtime.client.send('last-words', 'two', 0)
    await settle()
    w.kill(b, 'gone')
    await expect(endA.receiver.receive({}, 'receive()')).resolves.toBe('one')
    await expect(endA.receiver.receive({}, 'receive()')).resolves.toBe('two')
    await expect(endA.receiver.receive({}, 'receive()')).rejects.toMatchObject({ name: 'ProcessExitedError' })
  })

  it('a holder that crashed and will be restarted fails only the receive() calls waiting then', async () => {
    const { w, b, endA } = await pair('restartable')
    const waiting = endA.receiver.receive({}, 'receive()')
    w.kill(b, 'crashed')
    await expect(waiting).rejects.toMatchObject({ name: 'ProcessExitedError' })
    // A later receive() waits for the restarted holder instead of failing.
    const later = endA.receiver.receive({}, 'receive()')
    const b2 = w.child('b')
    addEnd(b2.runtime, 'restartable')
    await settle()
    b2.runtime.client.send('restartable', 'back', 0)
    await expect(later).resolves.toBe('back')
  })
})

describe('an end that takes one message at a time (prefetch 0) is not told alone by mistake', () => {
  // Main may send it a message and `alone` just as it gives that message back
  // unread: the give-back puts the message in main's queue again, for it.
  it('uses every message of a sender that left, then fails', async () => {
    const { w, b, endA } = await pair('last-words', 0)
    b.runtime.client.send('last-words', 'one', 0)
    b.runtime.client.send('last-words', 'two', 0)
    await settle()
    w.kill(b, 'gone')
    await expect(endA.receiver.receive({}, 'receive()')).resolves.toBe('one')
    await expect(endA.receiver.receive({}, 'receive()')).resolves.toBe('two')
    await expect(endA.receiver.receive({}, 'receive()')).rejects.toMatchObject({ name: 'ProcessExitedError' })
  })
})
