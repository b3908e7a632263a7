// A worker thread that ends in the middle of update(), terminated or killed by
// an uncaught error, frees the key at once: the next update does not wait out
// the lease (set to a minute here, so the hang bound below is far shorter).
import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import { afterAll, describe, expect, it } from 'vitest'
import { getBot, sharedMemory } from 'liteyuki-comm'
import { fixture } from './helpers.js'

describe('a worker thread that ends in the middle of update()', () => {
  const bot = getBot({ updateLease: 60_000 })
  afterAll(() => bot.stop())

  for (const end of ['terminate', 'throw'] as const) {
    it(`${end === 'terminate' ? 'terminated' : 'dead of an uncaught error'}: its key is free for the next update`, async () => {
      const key = `mid-update-${end}`
      await sharedMemory.set(key, 1)
      const worker = new Worker(fixture('thread-updater.mjs'), { workerData: { key, end } })
      worker.on('error', () => {})
      const [message] = (await once(worker, 'message')) as [{ holding: string }]
      expect(message).toEqual({ holding: key })
      // Not events.once(): it would reject on the thread's 'error'.
      const exited = new Promise(resolve => worker.once('exit', resolve))
      if (end === 'terminate') await worker.terminate()
      await exited
      // A hang bound only, far under the lease: the key must come free when the thread ends.
      await expect(sharedMemory.update<number>(key, value => (value ?? 0) + 1, { timeout: 20_000 })).resolves.toBe(2)
    })
  }
})
