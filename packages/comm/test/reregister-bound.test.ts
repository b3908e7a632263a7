import { describe, expect, it } from 'vitest'
import { Channel, ChannelFullError, getChannel, setChannel } from 'liteyuki-comm'

describe('setChannel() again without maxQueue, in main', () => {
  it('keeps the bound main set: the third send into a bound of 2 is refused', () => {
    setChannel('jobs', new Channel('jobs', { maxQueue: 2 }))
    getChannel('jobs').close()
    setChannel('jobs', new Channel('jobs', { prefetch: 4 }))
    const jobs = getChannel('jobs')
    expect(jobs.options).toEqual({ prefetch: 4 })
    jobs.send(1)
    jobs.send(2)
    expect(() => jobs.send(3)).toThrow(ChannelFullError)
  })
})
