import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { startAgent, until } from './helpers.js'

describe('publish/subscribe is a broadcast', () => {
  afterAll(() => getBot().stop())

  it("reaches every subscriber in every process, the publisher's own included, exactly once", async () => {
    const [publisher, listener] = await Promise.all([startAgent('pub-a'), startAgent('pub-b')])
    const inMain: unknown[] = []
    const inMainToo: unknown[] = []
    sharedMemory.onSubscriberReceive('news', data => void inMain.push(data))
    sharedMemory.onSubscriberReceive('news', data => void inMainToo.push(data))
    await publisher.call('subscribe', 'news')
    await listener.call('subscribe', 'news')
    await listener.call('subscribe', 'other-topic')

    await publisher.call('publish', 'news', { headline: 'one' })
    await sharedMemory.publish('news', { headline: 'two' })
    await until(() => inMain.length === 2 && inMainToo.length === 2)
    const expected = [{ headline: 'one' }, { headline: 'two' }]
    for (const agent of [publisher, listener]) {
      const events = await agent.waitForEvents(e => e.kind === 'publication', 2)
      await agent.call('echo', 0)
      expect(agent.events.filter(e => e.kind === 'publication').map(e => e.data)).toEqual(expected)
      expect(events.every(e => e.topic === 'news')).toBe(true)
    }
    expect(inMain).toEqual(expected)
    expect(inMainToo).toEqual(expected)
  })

  it('stops delivering after unsubscribe, and subscriber errors do not stop other subscribers', async () => {
    const seen: unknown[] = []
    const off = sharedMemory.onSubscriberReceive('unsub', data => void seen.push(data))
    sharedMemory.onSubscriberReceive('unsub', () => {
      throw new Error('subscriber failed')
    })
    const alsoSeen: unknown[] = []
    sharedMemory.onSubscriberReceive('unsub', data => void alsoSeen.push(data))
    await sharedMemory.publish('unsub', 1)
    off()
    await sharedMemory.publish('unsub', 2)
    expect(seen).toEqual([1])
    expect(alsoSeen).toEqual([1, 2])
  })

  it('rejects a non-string topic and an unserializable payload with a TypeError', async () => {
    await expect(sharedMemory.publish(42 as never, 1)).rejects.toThrow(/topic must be a string/)
    await expect(sharedMemory.publish('t', () => 1)).rejects.toThrow(TypeError)
  })
})
