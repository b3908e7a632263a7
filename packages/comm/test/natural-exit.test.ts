import { afterAll, describe, expect, it } from 'vitest'
import { getBot, getChannel, sharedMemory, type ProcessExitInfo } from 'liteyuki-comm'
import { fixture, until } from './helpers.js'

describe('a child exits by itself once its code is done and it waits for nothing', () => {
  const bot = getBot()
  const exits: ProcessExitInfo[] = []
  bot.onProcessExit(info => void exits.push(info))
  afterAll(() => bot.stop())

  const add = (name: string): void => bot.addProcess(name, fixture('finishing-child.mjs'), { args: [name] })
  const exitOf = async (name: string): Promise<ProcessExitInfo> => {
    await until(
      () => exits.some(e => e.name === name),
      10_000,
      () => `'${name}' to exit by itself`,
    )
    return exits.find(e => e.name === name)!
  }
  const clean = (name: string): ProcessExitInfo => ({ name, code: 0, signal: null, crashed: false, willRestart: false })

  it('when it only sent something', async () => {
    add('nothing')
    const said = getChannel('nothing-passive').receive()
    await bot.startProcess('nothing')
    await expect(said).resolves.toBe('sent, and done')
    expect(await exitOf('nothing')).toEqual(clean('nothing'))
    expect(bot.getProcess('nothing')).toMatchObject({ state: 'exited', pid: undefined })
  })

  it('once its receive() got a message, and not before', async () => {
    add('receive')
    const passive = getChannel('receive-passive')
    const waiting = passive.receive()
    await bot.startProcess('receive')
    await expect(waiting).resolves.toBe('waiting')
    getChannel('receive-active').send('ping')
    // Had it left while waiting, this receive() would reject with ProcessExitedError.
    await expect(passive.receive()).resolves.toBe('got ping')
    expect(await exitOf('receive')).toEqual(clean('receive'))
  })

  it('once its last handler is removed', async () => {
    add('handler')
    const active = getChannel('handler-active')
    const listening = active.receive()
    await bot.startProcess('handler')
    await expect(listening).resolves.toBe('listening')
    getChannel('handler-passive').send('hello')
    await expect(active.receive()).resolves.toBe('handled hello')
    expect(await exitOf('handler')).toEqual(clean('handler'))
  })

  it('once its storage call is answered', async () => {
    add('storage')
    await sharedMemory.set('finishing-key', 42)
    const read = getChannel('storage-passive').receive()
    await bot.startProcess('storage')
    await expect(read).resolves.toBe('read 42')
    expect(await exitOf('storage')).toEqual(clean('storage'))
  })

  it('once it unsubscribed', async () => {
    add('subscription')
    const passive = getChannel('subscription-passive')
    const subscribed = passive.receive()
    await bot.startProcess('subscription')
    await expect(subscribed).resolves.toBe('subscribed')
    await sharedMemory.publish('finishing-topic', 'news')
    await expect(passive.receive()).resolves.toBe('heard news')
    expect(await exitOf('subscription')).toEqual(clean('subscription'))
  })
})
