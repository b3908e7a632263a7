import { afterAll, describe, expect, it } from 'vitest'
import { Channel, ChannelFullError, getBot, getChannel, setChannel } from 'liteyuki-comm'
import { Agent, startAgent } from './helpers.js'

describe('messages wait for a receiver instead of being dropped', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('delivers what was sent before the child started, in order', async () => {
    bot.addProcess('early', new URL('./fixtures/agent-child.mjs', import.meta.url))
    const inbox = new Channel<number>('early-inbox')
    setChannel('early-inbox', inbox)
    for (let n = 0; n < 50; n++) inbox.send(n)
    const agent = new Agent('early')
    await bot.startProcess('early')
    await agent.call('listen', 'early-inbox')
    const events = await agent.waitForEvents(e => e.channel === 'early-inbox', 50)
    expect(events.map(e => e.data)).toEqual([...Array(50).keys()])
  })

  it('delivers what was sent while the child restarted', async () => {
    const agent = await startAgent('restarting')
    await agent.call('register', 'restarting-inbox')
    const inbox = getChannel<string>('restarting-inbox')
    const restarted = bot.restartProcess('restarting')
    inbox.send('during restart 1')
    inbox.send('during restart 2')
    await restarted
    inbox.send('after restart')
    await agent.call('listen', 'restarting-inbox')
    const events = await agent.waitForEvents(e => e.channel === 'restarting-inbox', 3)
    expect(events.map(e => e.data)).toEqual(['during restart 1', 'during restart 2', 'after restart'])
  })

  it('bounds the queue with maxQueue: the send that does not fit throws, the accepted ones all arrive', async () => {
    bot.addProcess('bounded', new URL('./fixtures/agent-child.mjs', import.meta.url), { maxQueue: 3 })
    const passive = getChannel<string>('bounded-passive')
    passive.send('a')
    passive.send('b')
    passive.send('c')
    expect(() => passive.send('d')).toThrow(ChannelFullError)
    expect(() => passive.send('d')).toThrow(/Channel 'bounded-passive' is full: 3 message/)
  })

  it('reports a child send that main refused to the child channel end', async () => {
    const agent = await startAgent('overflowing')
    setChannel('tight', new Channel('tight', { maxQueue: 2 }))
    await agent.call('listen', 'tight')
    // Nobody but the sender listens, so the messages queue in main: 2 fit, 3 are refused.
    await agent.call('sendMany', 'tight', 5)
    const errors = await agent.waitForEvents(e => e.kind === 'error', 3)
    expect(errors[0]!.error).toMatchObject({ name: 'ChannelFullError', code: 'ERR_CHANNEL_FULL' })
  })
})
