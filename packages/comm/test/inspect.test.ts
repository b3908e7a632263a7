import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { Channel, ChannelFullError, getBot, getChannel, setChannel, sharedMemory, type InspectEvent } from 'liteyuki-comm'
import { fixture, until } from './helpers.js'

const run = promisify(execFile)
// The sequence the hook writes is made of control characters.
// oxlint-disable-next-line no-control-regex
const OSC = /\u001B\]7719;(.*?)\u0007/g

describe('the inspection hook', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('reports processes, channels, messages, store writes and publications to bot.inspect() listeners', async () => {
    const events: InspectEvent[] = []
    const stop = bot.inspect(event => events.push(event))
    bot.addProcess('inspected-echo', fixture('echo-child.mjs'))
    await bot.startProcess('inspected-echo')
    getChannel('inspected-echo-active').send({ n: 1 })
    await expect(getChannel('inspected-echo-passive').receive()).resolves.toEqual({ n: 1 })
    await sharedMemory.set('inspected-key', [1, 2])
    await sharedMemory.delete('inspected-key')
    await sharedMemory.publish('inspected-topic', 'hi')
    await bot.stopProcess('inspected-echo')
    stop()
    const count = events.length
    await sharedMemory.set('after-stop', 1)
    expect(events).toHaveLength(count)

    expect(events[0]).toEqual({ type: 'process', name: 'main', state: 'running', pid: process.pid })
    const states = events.filter(e => e.type === 'process' && e.name === 'inspected-echo').map(e => (e as { state: string }).state)
    expect(states).toEqual(['starting', 'running', 'stopping', 'stopped'])
    expect(events).toContainEqual({
      type: 'message',
      channel: 'inspected-echo-active',
      from: 'main',
      to: 'inspected-echo',
      preview: '{ n: 1 }',
      redelivered: false,
    })
    expect(events).toContainEqual({
      type: 'message',
      channel: 'inspected-echo-passive',
      from: 'inspected-echo',
      to: 'main',
      preview: '{ n: 1 }',
      redelivered: false,
    })
    expect(events).toContainEqual({ type: 'store', op: 'set', key: 'inspected-key', by: 'main', value: '[ 1, 2 ]' })
    expect(events).toContainEqual({ type: 'store', op: 'delete', key: 'inspected-key', by: 'main' })
    expect(events).toContainEqual({ type: 'publish', topic: 'inspected-topic', from: 'main', subscribers: [], preview: "'hi'" })
    expect(events).toContainEqual({
      type: 'channel',
      name: 'inspected-echo-active',
      holders: expect.arrayContaining(['inspected-echo']) as unknown as string[],
    })
  })

  it("reports each message main refused, with its sender: a child's send to a channel at its maxQueue", async () => {
    const events: InspectEvent[] = []
    const stop = bot.inspect(event => events.push(event))
    bot.addProcess('refused-echo', fixture('echo-child.mjs'))
    // Nobody takes what the child sends back, so its second and third message find the channel full.
    setChannel('refused-echo-passive', new Channel('refused-echo-passive', { maxQueue: 1 }))
    await bot.startProcess('refused-echo')
    for (let n = 1; n <= 3; n++) getChannel('refused-echo-active').send({ n })
    const refused = () => events.filter(event => event.type === 'refused')
    await until(() => refused().length === 2)
    expect(refused()).toEqual([
      { type: 'refused', channel: 'refused-echo-passive', from: 'refused-echo', reason: 'full', preview: '{ n: 2 }' },
      { type: 'refused', channel: 'refused-echo-passive', from: 'refused-echo', reason: 'full', preview: '{ n: 3 }' },
    ])
    // Main's own send is refused at the call, and reported too.
    expect(() => getChannel('refused-echo-passive').send('from main')).not.toThrow()
    expect(() => getChannel('refused-echo-passive').send('again')).toThrow(ChannelFullError)
    expect(refused().at(-1)).toEqual({ type: 'refused', channel: 'refused-echo-passive', from: 'main', reason: 'full', preview: "'again'" })
    stop()
    await bot.stopProcess('refused-echo')
  })

  it('refuses a listener that is not a function', () => {
    expect(() => bot.inspect('nope' as never)).toThrow('inspect(): the listener must be a function, got a string.')
  })

  it('with LITEYUKI_COMM_INSPECT=1, writes batched events to stdout as escape sequences a terminal does not show', async () => {
    const { stdout } = await run(process.execPath, [new URL(fixture('inspected-main.mjs')).pathname], { env: { ...process.env, LITEYUKI_COMM_INSPECT: '1' } })
    const batches = [...stdout.matchAll(OSC)].map(match => JSON.parse(match[1]!) as Array<Record<string, unknown>>)
    const events = batches.flat()
    // What is left once the sequences are taken out is the program's own output.
    expect(stdout.replace(OSC, '')).toBe('plain output stays plain\n')
    expect(events[0]).toMatchObject({ type: 'process', name: 'main', state: 'running' })
    expect(events).toContainEqual(expect.objectContaining({ type: 'process', name: 'echo', state: 'running' }))
    expect(events).toContainEqual(expect.objectContaining({ type: 'process', name: 'echo', state: 'stopped' }))
    // Messages are summed per route within a batch, with the latest payload.
    const toChild = events.filter(e => e.type === 'messages' && e.channel === 'echo-active')
    expect(toChild.reduce((sum, e) => sum + (e.count as number), 0)).toBe(5)
    expect(toChild.at(-1)).toMatchObject({ from: 'main', to: 'echo', last: '{ n: 4 }' })
    expect(events).toContainEqual({ type: 'store', op: 'set', key: 'counter', by: 'main', value: '42' })
    expect(events).toContainEqual({ type: 'publish', topic: 'news', from: 'main', subscribers: ['main'], preview: "'hello'" })
  })

  it('writes nothing extra without the switch', async () => {
    const { stdout } = await run(process.execPath, [new URL(fixture('inspected-main.mjs')).pathname], { env: { ...process.env, LITEYUKI_COMM_INSPECT: '' } })
    expect(stdout).toBe('plain output stays plain\n')
  })
})
