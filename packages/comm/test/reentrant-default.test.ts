import { describe, expect, it } from 'vitest'
import { sharedMemory } from 'liteyuki-comm'

// Without LITEYUKI_COMM_DEBUG, on Node.js before 24, the library follows an
// updater only until its first await: following it further would slow every
// await of the process.
const followsAwaits = Number(process.versions.node.split('.')[0]) >= 24

describe('a call on the key inside its own updater, by default', () => {
  it('is refused at once when made before the updater awaits anything', async () => {
    delete process.env.LITEYUKI_COMM_DEBUG
    await sharedMemory.set('plain', 1)
    let inner: unknown
    const result = await sharedMemory.update<number>('plain', async value => {
      inner = await sharedMemory.get('plain').catch((error: unknown) => error)
      return value! + 1
    })
    expect(result).toBe(2)
    expect(inner).toMatchObject({ code: 'ERR_REENTRANT_UPDATE' })
  })

  it('after an await, is refused on Node.js 24+, and elsewhere waits for the key: a timeout bounds it', async () => {
    await sharedMemory.set('later', 1)
    let inner: unknown
    await sharedMemory.update<number>('later', async value => {
      await Promise.resolve()
      inner = await sharedMemory.update('later', v => v, { timeout: 100 }).catch((error: unknown) => error)
      return value! + 1
    })
    expect(inner).toMatchObject({ code: followsAwaits ? 'ERR_REENTRANT_UPDATE' : 'ERR_TIMEOUT' })
    expect(await sharedMemory.get('later')).toBe(2)
  })
})
