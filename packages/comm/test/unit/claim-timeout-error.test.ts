import { describe, expect, it } from 'vitest'
import { Channel, TimeoutError, getChannel, setChannel, sharedMemory } from 'liteyuki-comm'
import { gate } from '../probes.js'
import { repoText, section } from '../docs-text.js'

// TimeoutError was documented for receive() only; put() and update() raise it too.
describe('TimeoutError, as the errors page documents it', () => {
  it('put() and sharedMemory.update() reject with it, with the messages the page quotes', async () => {
    setChannel('jobs', new Channel('jobs', { maxQueue: 1 }))
    const jobs = getChannel('jobs')
    jobs.send('first')
    const put = await jobs.put('second', { timeout: 1000 }).catch((error: unknown) => error)
    expect(put).toBeInstanceOf(TimeoutError)

    const held = gate()
    const holding = sharedMemory.update('visits', async () => {
      await held.opened
      return 1
    })
    const update = await sharedMemory.update('visits', () => 2, { timeout: 1000 }).catch((error: unknown) => error)
    held.open()
    await holding
    expect(update).toBeInstanceOf(TimeoutError)

    for (const lang of ['en', 'zh'] as const) {
      const text = section(lang, 'api/errors.md', 'timeouterror')
      expect(text).toContain((put as Error).message)
      expect(text).toContain((update as Error).message)
    }
  })

  it.each(['en', 'zh'] as const)("%s: the errors table and the serialization guide's table name put() and update()", lang => {
    const prefix = lang === 'zh' ? 'docs/zh/' : 'docs/'
    for (const file of ['api/errors.md', 'guide/serialization.md']) {
      const row = repoText(prefix + file)
        .split('\n')
        .find(line => line.startsWith('| `TimeoutError`'))
      expect(row, file).toMatch(/`receive\(\)`.*`put\(\)`.*`sharedMemory\.update\(\)`/)
    }
  })
})
