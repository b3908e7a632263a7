import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, getChannels, setChannels } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

describe('setChannels and getChannels', () => {
  afterAll(() => getBot().stop())

  it('register several channels at once, in main and in a child, and every process gets them all', async () => {
    const agent = await startAgent('registrar')
    setChannels({ 'from-main-a': new Channel('from-main-a'), 'from-main-b': new Channel('from-main-b') })
    await agent.call('registerMany', ['from-child-a', 'from-child-b'])
    const expected = ['from-child-a', 'from-child-b', 'from-main-a', 'from-main-b', 'registrar-active', 'registrar-passive']
    expect(Object.keys(getChannels()).sort()).toEqual(expected)
    await expect(agent.call('channelNames')).resolves.toEqual(expected)

    // The ends getChannels() returns carry messages between the processes.
    const ends = getChannels()
    expect(ends['from-main-a']).toBeInstanceOf(Channel)
    await agent.call('listen', 'from-main-a')
    ends['from-main-a']!.send('through getChannels')
    const [event] = await agent.waitForEvents(e => e.channel === 'from-main-a')
    expect(event!.data).toBe('through getChannels')
    await agent.call('send', 'from-child-b', 'registered in the child')
    await expect(ends['from-child-b']!.receive({ timeout: 10_000 })).resolves.toBe('registered in the child')
  })

  it('refuses a channel under another name than its own', () => {
    expect(() => setChannels({ wrong: new Channel('right') })).toThrow(
      "setChannel('wrong', ...) was given the channel named 'right'; a channel is registered under its own name.",
    )
  })
})
