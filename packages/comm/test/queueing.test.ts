import { afterAll, describe, expect, it } from 'vitest'
import { Channel, ChannelFullError, getBot, getChannel, setChannel } from 'liteyuki-comm'
import { Agent, startAgent, until } from './helpers.js'

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

  it('delivers what was sent while the child was down between a stop and a start, exactly once and in order', async () => {
    const agent = await startAgent('down-and-up')
    await agent.call('register', 'down-inbox')
    await agent.call('listen', 'down-inbox')
    const inbox = getChannel<string>('down-inbox')
    inbox.send('before')
    await agent.waitForEvents(e => e.channel === 'down-inbox')
    await bot.stopProcess('down-and-up')
    inbox.send('down 1')
    inbox.send('down 2')
    await bot.startProcess('down-and-up')
    inbox.send('after')
    await agent.call('listen', 'down-inbox')
    await agent.waitForEvents(e => e.channel === 'down-inbox', 4)
    await agent.call('echo', 'a round trip, so a duplicate would have arrived')
    expect(agent.events.filter(e => e.channel === 'down-inbox').map(e => e.data)).toEqual(['before', 'down 1', 'down 2', 'after'])
  })

  it('delivers what was sent while a crashed child waited for its automatic restart', async () => {
    const agent = await startAgent('restarting', { restartDelay: 50 })
    await agent.call('register', 'restarting-inbox')
    const inbox = getChannel<string>('restarting-inbox')
    // onProcessExit runs once the child is gone and before its restart is scheduled.
    let exited!: () => void
    const down = new Promise<void>(resolve => {
      exited = resolve
    })
    bot.onProcessExit(({ name }) => {
      if (name !== 'restarting') return
      inbox.send('while down 1')
      inbox.send('while down 2')
      exited()
    })
    await agent.call('exit', 1)
    await down
    await until(() => bot.getProcess('restarting')!.state === 'running')
    inbox.send('after restart')
    await agent.call('listen', 'restarting-inbox')
    await agent.waitForEvents(e => e.channel === 'restarting-inbox', 3)
    await agent.call('echo', 'a round trip, so a duplicate would have arrived')
    expect(agent.events.filter(e => e.channel === 'restarting-inbox').map(e => e.data)).toEqual(['while down 1', 'while down 2', 'after restart'])
  })

  it('bounds the queue with maxQueue: the send that does not fit throws, the accepted ones all arrive', async () => {
    bot.addProcess('bounded', new URL('./fixtures/agent-child.mjs', import.meta.url), { maxQueue: 3 })
    const passive = getChannel<string>('bounded-passive')
    passive.send('a')
    passive.send('b')
    passive.send('c')
    expect(() => passive.send('d')).toThrow(ChannelFullError)
    expect(() => passive.send('d')).toThrow(/Channel 'bounded-passive' is full: 3 message/)
    const agent = new Agent('bounded')
    await bot.startProcess('bounded')
    // The child's passive end listens to what main sent; its events come back on the same channel.
    await agent.call('listen', 'bounded-passive')
    await agent.waitForEvents(e => e.channel === 'bounded-passive', 3)
    // A message counts against maxQueue until main has the receiver's acknowledgement; a round trip brings it.
    await agent.call('echo', 0)
    passive.send('e')
    await agent.waitForEvents(e => e.channel === 'bounded-passive', 4)
    expect(agent.events.filter(e => e.channel === 'bounded-passive').map(e => e.data)).toEqual(['a', 'b', 'c', 'e'])
  })

  it("keeps the bound after a child's receive() timed out: the end stops taking messages", async () => {
    const agent = await startAgent('timed-out')
    setChannel('timed-out-line', new Channel('timed-out-line', { maxQueue: 3 }))
    const line = getChannel<string>('timed-out-line')
    await expect(agent.call('receiveOne', 'timed-out-line', 50)).rejects.toMatchObject({ name: 'TimeoutError' })
    line.send('a')
    line.send('b')
    line.send('c')
    expect(() => line.send('d')).toThrow(ChannelFullError)
    for (const expected of ['a', 'b', 'c']) await expect(agent.call('receiveOne', 'timed-out-line', 10_000)).resolves.toBe(expected)
  })

  it('keeps the bound while a receiver listens but is slow: what it took and did not use counts', async () => {
    const agent = await startAgent('slow-consumer')
    setChannel('slow-line', new Channel('slow-line', { maxQueue: 3 }))
    const line = getChannel<number>('slow-line')
    // A second apart: the round trip below must not outlast the child's use of one message.
    await agent.call('consumeSlowly', 'slow-line', 4, 1000)
    const accepted: number[] = []
    const refused: unknown[] = []
    const sendAll = (from: number, to: number): void => {
      for (let n = from; n < to; n++) {
        try {
          line.send(n)
          accepted.push(n)
        } catch (error) {
          refused.push(error)
        }
      }
    }
    // Three accepted and not used (one handed to the waiting receive() but not yet acknowledged, two taken ahead).
    sendAll(0, 10)
    expect(accepted).toEqual([0, 1, 2])
    // Once the acknowledgement of the used one is in, there is room for exactly one more.
    await agent.call('echo', 0)
    sendAll(10, 20)
    expect(accepted).toEqual([0, 1, 2, 10])
    expect(refused).toHaveLength(16)
    expect(refused.every(error => error instanceof ChannelFullError)).toBe(true)
    const events = await agent.waitForEvents(e => e.channel === 'slow-line', 4)
    expect(events.map(e => e.data)).toEqual([0, 1, 2, 10])
  })

  it('loses, duplicates and reorders nothing for a receiver whose receive() calls keep timing out', async () => {
    const agent = await startAgent('impatient')
    setChannel('impatient-line', new Channel('impatient-line'))
    const line = getChannel<number>('impatient-line')
    await agent.call('receiveWithTimeouts', 'impatient-line', 300, 1)
    for (let n = 0; n < 300; n++) {
      line.send(n)
      if (n % 10 === 0) await new Promise(resolve => setTimeout(resolve, 1))
    }
    await agent.waitForEvents(e => e.channel === 'impatient-line', 300)
    await agent.call('echo', 'a round trip, so a duplicate would have arrived')
    expect(agent.events.filter(e => e.channel === 'impatient-line').map(e => e.data)).toEqual([...Array(300).keys()])
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
