import { describe, expect, it } from 'vitest'
import { sharedMemory } from 'liteyuki-comm'
import { section } from '../docs-text.js'

// The guide promised that a same-key call inside update()'s function is refused
// at once "even after an await"; before Node.js 24 that needs LITEYUKI_COMM_DEBUG.
const followsAwaits = Number(process.versions.node.split('.')[0]) >= 24

describe("the shared-memory guide on a same-key call inside update()'s function", () => {
  it('matches what this Node.js does with a call made after an await', async () => {
    delete process.env.LITEYUKI_COMM_DEBUG
    await sharedMemory.set('guide-visits', 1)
    let inner: unknown
    await sharedMemory.update<number>('guide-visits', async value => {
      await Promise.resolve()
      inner = await sharedMemory.update('guide-visits', v => v, { timeout: 100 }).catch((error: unknown) => error)
      return value! + 1
    })
    expect(inner).toMatchObject({ code: followsAwaits ? 'ERR_REENTRANT_UPDATE' : 'ERR_TIMEOUT' })
  })

  it.each([
    [
      'en',
      /before `fn`'s first `await` rejects at once/,
      /after an `await`[^.]*Node\.js 24[^.]*`LITEYUKI_COMM_DEBUG=1`/,
      /Node\.js 18 to 23[^.]*waits[\s\S]*`ERR_LOCK_EXPIRED`/,
    ],
    [
      'zh',
      /第一次 `await` 之前发起的这类调用会立即拒绝/,
      /`await` 之后发起的调用[^。]*Node\.js 24[^。]*`LITEYUKI_COMM_DEBUG=1`/,
      /Node\.js 18 到 23[^。]*等待该键[\s\S]*`ERR_LOCK_EXPIRED`/,
    ],
  ] as const)('%s: says so, Node.js versions and the lease included', (lang, atOnce, later, older) => {
    const text = section(lang, 'guide/shared-memory.md', 'consistency-guarantees')
    expect(text).toMatch(atOnce)
    expect(text).toMatch(later)
    expect(text).toMatch(older)
    expect(text).not.toMatch(/even after an `await`|哪怕是在某个 `await` 之后/)
  })
})
