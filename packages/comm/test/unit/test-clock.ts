// The receiver's clock (performance.now()) under the test's control, and a
// worker whose slow jobs move it on: speeds that are exact however loaded the
// machine.
import { afterEach, beforeEach, onTestFinished, vi } from 'vitest'
import { READ_AHEAD_MS } from '../../src/delivery/receiver.js'
import type { TestEnd } from './harness.js'

/**
 * Stops the clock for the running test: an end's window stays where it
 * started however long the handlers take (it adapts to speed otherwise), so
 * an end counts as fast however loaded the machine.
 */
export function stillClock(): void {
  vi.spyOn(performance, 'now').mockReturnValue(0)
  onTestFinished(() => {
    vi.restoreAllMocks()
  })
}

/** Installs the clock for every test of the file; the returned object moves it. */
export function testClock(): { advance(ms: number): void } {
  let now = 0
  beforeEach(() => {
    now = 0
    vi.spyOn(performance, 'now').mockImplementation(() => now)
  })
  afterEach(() => vi.restoreAllMocks())
  return { advance: ms => void (now += ms) }
}

/**
 * A passive end that uses messages at once until `slow(true)`, then holds
 * each until the test releases it; a slow job takes twice the read-ahead time.
 */
export function worker(end: TestEnd, clock: { advance(ms: number): void }): { release: Array<() => void>; slow(on: boolean): void } {
  const release: Array<() => void> = []
  let slow = false
  end.receiver.addHandler(value => {
    end.got.push(value)
    if (!slow) return undefined
    return new Promise<void>(resolve =>
      release.push(() => {
        clock.advance(READ_AHEAD_MS * 2)
        resolve()
      }),
    )
  })
  return { release, slow: on => void (slow = on) }
}
