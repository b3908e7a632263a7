import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, setChannel } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

describe('a channel between main and a child is full-duplex', () => {
  afterAll(() => getBot().stop())

  it('delivers in order both ways and never back to the sender', async () => {
    const agent = await startAgent('duplex')
    const channel = new Channel<unknown>('duplex-chat')
    setChannel('duplex-chat', channel)
    // main's end listens; the child's end listens too (its messages come to main as events).
    const received: unknown[] = []
    channel.onReceive(message => void received.push(message))
    await agent.call('listen', 'duplex-chat')

    for (let n = 0; n < 200; n++) channel.send({ n, from: 'main' })
    await agent.call('sendMany', 'duplex-chat', 0) // a round trip, so main's sends are already routed
    const childSide = await agent.waitForEvents(e => e.kind === 'message' && e.channel === 'duplex-chat', 200)
    expect(childSide.map(e => (e.data as { n: number }).n)).toEqual([...Array(200).keys()])
    expect(childSide.every(e => (e.data as { from: string }).from === 'main')).toBe(true)

    await agent.call('sendMany', 'duplex-chat', 200)
    await expect.poll(() => received.length).toBe(200)
    // What main sent never came back to main; what the child sent never came back to the child.
    expect(received).toEqual([...Array(200).keys()])
    expect(agent.events.filter(e => e.kind === 'message')).toHaveLength(200)
  })
})
