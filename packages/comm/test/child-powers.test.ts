import { afterAll, describe, expect, it } from 'vitest'
import { Channel, getBot, getChannel, sharedMemory, setChannel } from 'liteyuki-comm'
import { startAgent } from './helpers.js'

// What the security model says a child can do: main checks the shape of what
// a child sends (forged-frames.test.ts), not what the child may touch.
describe('a child is trusted with every name, as main is', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('reads, overwrites and deletes a key main wrote: shared memory has no owner per key', async () => {
    await sharedMemory.set('config', { admin: 'alice' })
    const child = await startAgent('curious')
    await expect(child.call('get', 'config')).resolves.toEqual({ admin: 'alice' })
    await child.call('set', 'config', { admin: 'mallory' })
    await expect(sharedMemory.get('config')).resolves.toEqual({ admin: 'mallory' })
    await child.call('delete', 'config')
    await expect(sharedMemory.get('config')).resolves.toBeUndefined()
  })

  it('takes what main sends on a channel by holding its name, whoever main meant it for', async () => {
    setChannel('orders', new Channel<string>('orders'))
    const snoop = await startAgent('snoop')
    await snoop.call('listen', 'orders')
    getChannel<string>('orders').send('meant for the billing process')
    const [event] = await snoop.waitForEvents(e => e.kind === 'message' && e.channel === 'orders')
    expect(event!.data).toBe('meant for the billing process')
  })

  it('is named by main, not by what it writes, in what handlers are told', async () => {
    setChannel('claims', new Channel<unknown>('claims'))
    const from = new Promise<string>(resolve => getChannel('claims').onReceive((_, info) => resolve(info.from)))
    const child = await startAgent('impostor')
    await child.call('send', 'claims', { from: 'main' })
    await expect(from).resolves.toBe('impostor')
  })

  it('publishes on any topic, and a subscriber is not told who published', async () => {
    const heard = new Promise<unknown[]>(resolve => sharedMemory.onSubscriberReceive('admin-announcements', (...args: unknown[]) => resolve(args)))
    const child = await startAgent('announcer')
    await child.call('publish', 'admin-announcements', 'restart everything')
    // The handler gets the data and nothing else.
    await expect(heard).resolves.toEqual(['restart everything'])
  })
})
