import { afterAll, describe, expect, it } from 'vitest'
import {
  activeChannel,
  Channel,
  ProcessError,
  SerializationError,
  UnknownChannelError,
  WrongProcessError,
  getBot,
  getChannel,
  passiveChannel,
  requestRestart,
  setChannel,
} from 'liteyuki-comm'
import { fixture, startAgent } from './helpers.js'

describe('bad input gets a clear error where it happens, and breaks nothing else', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('refuses an unserializable value at send in main, naming the channel and the path', () => {
    const channel = new Channel('bad-send')
    expect(() => channel.send({ nested: [1, () => 1] })).toThrow(SerializationError)
    expect(() => channel.send({ nested: [1, () => 1] })).toThrow(TypeError)
    expect(() => channel.send({ nested: [1, () => 1] })).toThrow(
      "send() on channel 'bad-send': value.nested[1] is a function, which the json serializer cannot carry.",
    )
    expect(() => channel.send(Symbol('s'))).toThrow('value is a symbol')
  })

  it('refuses an unserializable value at send and set in a child; the child keeps working', async () => {
    const agent = await startAgent('bad-child')
    await expect(agent.call('sendUnserializable')).rejects.toMatchObject({
      name: 'SerializationError',
      message:
        "send() on channel 'bad-child-passive': value.callback is a function, which the json serializer cannot carry. Convert it to plain JSON data, or choose getBot({ serialization: 'structured' }).",
    })
    await expect(agent.call('setUnserializable')).rejects.toMatchObject({
      name: 'SerializationError',
      message: expect.stringContaining("sharedMemory.set('bad'): value.symbol is a symbol"),
    })
    await expect(agent.call('echo', 'still alive')).resolves.toBe('still alive')
  })

  it('ignores IPC messages that are not its own', async () => {
    const agent = await startAgent('foreign-sender')
    await agent.call('foreign')
    await expect(agent.call('echo', 'after foreign')).resolves.toBe('after foreign')
    expect(bot.getProcess('foreign-sender')!.state).toBe('running')
  })

  it('names the unknown channel and the known ones', async () => {
    setChannel('known-one', new Channel('known-one'))
    expect(() => getChannel('nope')).toThrow(UnknownChannelError)
    expect(() => getChannel('nope')).toThrow(/No channel named 'nope' is registered\. Known channels: .*'known-one'/)
    const agent = await startAgent('asks-unknown')
    await expect(agent.call('unknownChannel')).rejects.toMatchObject({ name: 'UnknownChannelError', code: 'ERR_UNKNOWN_CHANNEL' })
  })

  it('says so when a child-only API is used in main, or a main-only API in a child', async () => {
    expect(() => activeChannel.send('x')).toThrow(WrongProcessError)
    expect(() => passiveChannel.onReceive(() => {})).toThrow('passiveChannel is only available in a child process started by bot.addProcess()')
    expect(() => requestRestart()).toThrow(WrongProcessError)
    const agent = await startAgent('asks-for-bot')
    await expect(agent.call('getBot')).rejects.toMatchObject({
      name: 'WrongProcessError',
      message: expect.stringContaining("getBot() is only available in the main process; child process 'asks-for-bot'"),
    })
  })

  it('validates names, files and options', async () => {
    expect(() => bot.addProcess('', fixture('agent-child.mjs'))).toThrow('addProcess(): the name must be a non-empty string, got "".')
    expect(() => bot.addProcess('main', fixture('agent-child.mjs'))).toThrow(/reserved for the main process/)
    expect(() => bot.addProcess('worker@gateway', fixture('agent-child.mjs'))).toThrow(
      "addProcess('worker@gateway'): a name may not contain '@', which marks a process of another main in a cluster.",
    )
    expect(() => bot.addProcess('ghost', fixture('missing.mjs'))).toThrow(/addProcess\('ghost'\): the file .*missing\.mjs does not exist/)
    expect(() => bot.addProcess('bad-policy', fixture('agent-child.mjs'), { restart: 'sometimes' as never })).toThrow(
      /restart must be 'never', 'on-failure' or 'always'/,
    )
    expect(() => bot.addProcess('bad-queue', fixture('agent-child.mjs'), { maxQueue: -1 })).toThrow(/maxQueue must be a non-negative integer/)
    bot.addProcess('twice', fixture('agent-child.mjs'))
    expect(() => bot.addProcess('twice', fixture('agent-child.mjs'))).toThrow(/already added/)
    await expect(bot.restartProcess('nobody')).rejects.toThrow(ProcessError)
    await expect(bot.restartProcess('nobody')).rejects.toThrow(/restartProcess\('nobody'\): no process has this name/)
    expect(() => new Channel('')).toThrow(TypeError)
    expect(() => new Channel('known-one')).toThrow(
      "new Channel('known-one'): this process already has an end of this channel; use getChannel('known-one') to get it.",
    )
    expect(() => setChannel('other-name', new Channel('real-name'))).toThrow(/was given the channel named 'real-name'/)
    expect(() => new Channel('x-handler').onReceive('nope' as never)).toThrow(/needs a handler function/)
    expect(() => getBot({ serialization: 'structured' })).toThrow(/serialization is already 'json'/)
  })
})

describe('guards that keep the process model intact', () => {
  it('refuses a second bot made with new Bot()', async () => {
    const { Bot } = await import('liteyuki-comm')
    expect(() => new Bot()).toThrow('Use getBot() to get the bot: there is one per process.')
  })

  it('refuses delays setTimeout cannot honour', () => {
    expect(() => getBot().addProcess('forever-stop', fixture('agent-child.mjs'), { stopTimeout: Number.POSITIVE_INFINITY })).toThrow(
      /stopTimeout must be a number of milliseconds from 0 to 2147483647/,
    )
  })

  it('rejects receive() with an aborted signal even when a message is waiting', async () => {
    const agent = await startAgent('aborted-receiver')
    const channel = new Channel<string>('aborted-line')
    setChannel('aborted-line', channel)
    await expect(channel.receive({ timeout: 1 })).rejects.toThrow('timed out after 1 ms')
    await agent.call('send', 'aborted-line', 'waiting')
    await new Promise(resolve => setTimeout(resolve, 100))
    await expect(channel.receive({ signal: AbortSignal.abort('gave up') })).rejects.toBe('gave up')
    await expect(channel.receive({ timeout: 5000 })).resolves.toBe('waiting')
    expect(() => channel.onError('nope' as never)).toThrow(/needs a handler function/)
  })
})
