import { afterAll, describe, expect, it } from 'vitest'
import { ProcessError, getBot, ipcTransport, sharedMemory, type ProcessExitInfo, type TransportFactory } from 'liteyuki-comm'
import { createIpcTransport } from '../dist/esm/transport/ipc-transport.js'
import { fixture, loadSocketTransport, startAgent, until } from './helpers.js'

const socket = await loadSocketTransport()

/** Frames main received over the socket, by process: none means they took another way. */
const socketFrames = new Map<string, number>()
const socketTransport: TransportFactory = {
  ...socket,
  open(name) {
    const link = socket.open(name)
    return {
      ...link,
      connect(child) {
        const transport = link.connect(child)
        const onFrame = transport.onFrame.bind(transport)
        transport.onFrame = listener =>
          onFrame(frame => {
            socketFrames.set(name, (socketFrames.get(name) ?? 0) + 1)
            listener(frame)
          })
        return transport
      },
    }
  },
}

describe('a transport other than fork IPC', () => {
  const bot = getBot()
  const exits: ProcessExitInfo[] = []
  bot.onProcessExit(info => void exits.push(info))
  afterAll(() => bot.stop())

  it('carries channels, storage, publications and restart requests unchanged, chosen per process', async () => {
    const agent = await startAgent('over-socket', { transport: socketTransport })
    await expect(agent.call('echo', { list: [1, 'two'], unicode: '轻雪' })).resolves.toEqual({ list: [1, 'two'], unicode: '轻雪' })
    await agent.call('increment', 'socket-counter', 20)
    expect(await sharedMemory.get('socket-counter')).toBe(20)
    await agent.call('subscribe', 'socket-news')
    await sharedMemory.publish('socket-news', 'hello')
    const [publication] = await agent.waitForEvents(e => e.kind === 'publication')
    expect(publication!.data).toBe('hello')
    // The frames did go over the socket.
    expect(socketFrames.get('over-socket')).toBeGreaterThan(0)

    const before = await agent.call<{ pid: number }>('whoami')
    await agent.call('requestRestart')
    await until(async () => (await agent.call<{ pid: number }>('whoami')).pid !== before.pid)
    await bot.stopProcess('over-socket')
    expect(bot.getProcess('over-socket')).toMatchObject({ state: 'stopped', pid: undefined })
    expect(exits.filter(e => e.name === 'over-socket')).toEqual([])
  })

  it('is the default for the processes added after getBot({ transport })', async () => {
    const ipc = await startAgent('still-ipc')
    getBot({ transport: socketTransport })
    const byDefault = await startAgent('socket-by-default')
    const chosen = await startAgent('ipc-chosen', { transport: ipcTransport })
    for (const agent of [ipc, byDefault, chosen]) await agent.call('echo', 'a round trip')
    expect(socketFrames.has('still-ipc')).toBe(false)
    expect(socketFrames.get('socket-by-default')).toBeGreaterThan(0)
    expect(socketFrames.has('ipc-chosen')).toBe(false)
  })

  it('refuses what is not a transport factory, naming the call', () => {
    expect(() => bot.addProcess('bad-transport', fixture('agent-child.mjs'), { transport: {} as never })).toThrow(
      "addProcess('bad-transport'): transport must be an object with an open() method (a TransportFactory), got an object without one.",
    )
    expect(() => getBot({ transport: 'ipc' as never })).toThrow(
      'getBot(): transport must be an object with an open() method (a TransportFactory), got a string.',
    )
    expect(() => getBot({ transport: { open: () => ({ connect: createIpcTransport }), childModule: 42 } as never })).toThrow(
      'getBot(): transport.childModule must be a module URL, path or package name, got 42.',
    )
  })

  it('fails the start when the transport cannot open, naming the process and the cause', async () => {
    bot.addProcess('unopened', fixture('agent-child.mjs'), {
      transport: {
        open: () => {
          throw new Error('no port left')
        },
      },
    })
    await expect(bot.startProcess('unopened')).rejects.toThrow(ProcessError)
    await expect(bot.startProcess('unopened')).rejects.toThrow("Cannot start process 'unopened': its transport failed to open: no port left")
  })

  it('ends a child that cannot make its end, with exit code 1', async () => {
    bot.addProcess('no-child-end', fixture('agent-child.mjs'), {
      restart: 'never',
      transport: { childModule: 'data:text/javascript,export const nothing = 1', open: () => ({ connect: child => createIpcTransport(child) }) },
    })
    await bot.startProcess('no-child-end')
    await until(() => exits.some(e => e.name === 'no-child-end'))
    expect(exits.find(e => e.name === 'no-child-end')).toMatchObject({ code: 1, crashed: true })
  })
})
