import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { getBot, getChannel, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

type WorkerTask =
  { task: 'increment' | 'exit-in-updater' | 'hang-in-updater'; key: string; count?: number } | { task: 'subscribe'; topic: string } | { task: 'forbidden' }

/** A real worker thread of this process; resolves with the messages it posted by the time it exits. */
function runWorker(data: WorkerTask, onMessage: (message: Record<string, unknown>) => void = () => {}): Promise<Array<Record<string, unknown>>> {
  const messages: Array<Record<string, unknown>> = []
  const worker = new Worker(fixture('thread-worker.mjs'), { workerData: data })
  worker.on('message', (message: Record<string, unknown>) => {
    messages.push(message)
    onMessage(message)
  })
  return new Promise((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', code => (code === 0 ? resolve(messages) : reject(new Error(`worker exited with ${code}`))))
  })
}

describe('worker threads join their process', () => {
  const bot = getBot()
  afterAll(() => bot.stop())

  it('keeps update() atomic across 3 children x 2 threads x 500 updates of one key', async () => {
    const done = []
    for (const name of ['threads-a', 'threads-b', 'threads-c']) {
      bot.addProcess(name, fixture('thread-child.mjs'), { args: ['threaded-count', '2', '500'] })
      done.push(getChannel<{ done: boolean; names: string[] }>(`${name}-passive`).receive({ timeout: 200_000 }))
    }
    await bot.start()
    const reports = await Promise.all(done)
    expect(reports.map(r => r.names)).toEqual([
      ['threads-a', 'threads-a'],
      ['threads-b', 'threads-b'],
      ['threads-c', 'threads-c'],
    ])
    await expect(sharedMemory.get('threaded-count')).resolves.toBe(3000)
    // 3,000 round trips through main: on a loaded machine this takes minutes.
  }, 240_000)

  it('keeps update() atomic between main and its own threads', async () => {
    const mine = (async () => {
      for (let i = 0; i < 500; i++) await sharedMemory.update<number>('main-threads', value => (value ?? 0) + 1)
    })()
    const threads = [runWorker({ task: 'increment', key: 'main-threads', count: 500 }), runWorker({ task: 'increment', key: 'main-threads', count: 500 })]
    const [, ...reports] = await Promise.all([mine, ...threads])
    expect(reports.map(messages => messages[0])).toEqual([{ processName: 'main' }, { processName: 'main' }])
    await expect(sharedMemory.get('main-threads')).resolves.toBe(1500)
  })

  it("delivers publications to a thread, and a thread's publications to other processes", async () => {
    const replies: unknown[] = []
    const off = sharedMemory.onSubscriberReceive('to-thread-reply', data => void replies.push(data))
    let subscribed!: () => void
    const ready = new Promise<void>(resolve => {
      subscribed = resolve
    })
    const worker = runWorker({ task: 'subscribe', topic: 'to-thread' }, message => {
      if (message.subscribed) subscribed()
    })
    await ready
    // The subscription is on its way to main; publish until it has arrived.
    let messages: Array<Record<string, unknown>> | undefined
    void worker.then(m => {
      messages = m
    })
    // oxlint-disable-next-line no-unmodified-loop-condition -- set by the worker promise above
    for (let i = 0; messages === undefined && i < 500; i++) {
      await sharedMemory.publish('to-thread', { n: i })
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    const received = (await worker).find(m => 'received' in m)!.received
    expect(received).toMatchObject({ n: expect.any(Number) })
    await expect.poll(() => replies).toEqual([{ echoed: received, by: 'main' }])
    off()
  })

  it('gives back the key of a thread that exits inside its updater', async () => {
    await sharedMemory.set('left-behind', 'before')
    await runWorker({ task: 'exit-in-updater', key: 'left-behind' })
    // Bounded so that a key held for good fails the test instead of hanging it.
    await expect(sharedMemory.update('left-behind', value => `${String(value)}, after`, { timeout: 10_000 })).resolves.toBe('before, after')
  })

  it("ends the lease of a thread's updater that never settles: its update rejects, and the key goes on", async () => {
    getBot({ updateLease: 300 })
    try {
      await sharedMemory.set('hung-in-thread', 1)
      let holding!: () => void
      const held = new Promise<void>(resolve => {
        holding = resolve
      })
      const worker = runWorker({ task: 'hang-in-updater', key: 'hung-in-thread' }, message => {
        if (message.holding) holding()
      })
      await held
      await expect(sharedMemory.update<number>('hung-in-thread', value => (value ?? 0) + 1, { timeout: 5_000 })).resolves.toBe(2)
      const messages = await worker
      expect(messages.at(-1)).toEqual({
        error: {
          name: 'CommError',
          code: 'ERR_LOCK_EXPIRED',
          message:
            "sharedMemory.update('hung-in-thread') held key 'hung-in-thread' longer than its lease of 300 ms, so main gave the key to the next waiter and did not write the updater's result. Keep updaters short, or give updates a longer lease in main: getBot({ updateLease }).",
        },
      })
      await expect(sharedMemory.update<number>('hung-in-thread', value => (value ?? 0) + 1, { timeout: 5_000 })).resolves.toBe(3)
    } finally {
      getBot({ updateLease: 10_000 })
    }
  })

  it('says at once that channels and getBot() are not available in a thread', async () => {
    const [report] = await runWorker({ task: 'forbidden' })
    expect(report).toEqual({
      channel: {
        name: 'WrongProcessError',
        code: 'ERR_WRONG_PROCESS',
        message:
          'getChannel() is not available in a worker thread: channels work on the main thread of a process only. sharedMemory and publish/subscribe work from threads and reach the same store as their process.',
      },
      bot: {
        name: 'WrongProcessError',
        code: 'ERR_WRONG_PROCESS',
        message: 'getBot() is only available on the main thread of the main process, not in a worker thread.',
      },
    })
  })
})
