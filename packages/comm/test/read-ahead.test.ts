import { afterAll, describe, expect, it } from 'vitest'
import { Channel, ChannelFullError, getBot, setChannel } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

describe('a for await loop in a child', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('hands back the messages it read ahead and did not use when it leaves the loop', async () => {
    const jobs = new Channel<number>('ahead-jobs')
    setChannel('ahead-jobs', jobs)
    const reader = await startAgent('ahead-reader')
    const other = await startAgent('ahead-other')
    for (let i = 0; i < 10; i++) jobs.send(i)
    expect(await reader.call('iterate', 'ahead-jobs', 2)).toEqual([0, 1])
    // Whatever the loop had read ahead went back to main, in order, for the other holder.
    const rest: number[] = []
    for (let i = 0; i < 8; i++) rest.push(await other.call<number>('receiveOne', 'ahead-jobs', 10_000))
    expect(rest).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('counts what it read ahead against maxQueue, even through an end made without options', async () => {
    const bounded = new Channel<number>('bounded-jobs', { maxQueue: 2 })
    setChannel('bounded-jobs', bounded)
    const slow = await startAgent('bounded-reader')
    await slow.call('iterateOwnEndSlowly', 'bounded-jobs', 60_000)
    // put() waits for room: it stops being accepted once two messages wait unused.
    let accepted = 0
    let refused: unknown
    for (let i = 0; i < 100 && refused === undefined; i++) {
      try {
        await bounded.put(i, { timeout: 300 })
        accepted++
      } catch (error) {
        refused = error
      }
    }
    // One used by the loop, two accepted and not used (read ahead, or waiting in main).
    expect(refused).toMatchObject({ name: 'TimeoutError' })
    expect(accepted).toBe(3)
    expect(() => bounded.send(100)).toThrow(ChannelFullError)
  })
})
