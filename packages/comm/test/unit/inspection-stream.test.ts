import { describe, expect, it } from 'vitest'
import { Inspector, streamInspection } from '../../src/main/inspector.js'

const message = (to: string, preview: string, redelivered = false) => ({ type: 'message' as const, channel: 'jobs', from: 'main', to, preview, redelivered })

/** The batches written by the stream, as parsed events, once `count` batches have been written. */
function written(inspector: Inspector, count: number): Promise<unknown[][]> {
  const batches: unknown[][] = []
  return new Promise(resolve => {
    const stop = streamInspection(inspector, chunk => {
      const start = '\u001B]7719;'
      expect(chunk.startsWith(start) && chunk.endsWith('\u0007')).toBe(true)
      batches.push(JSON.parse(chunk.slice(start.length, -1)) as unknown[])
      if (batches.length === count) {
        stop()
        resolve(batches)
      }
    })
  })
}

describe('the inspection stream the playground reads', () => {
  it('sums a batch of messages per route, with the latest payload and how many were redelivered, in the order the routes first appeared', async () => {
    const inspector = new Inspector()
    const batches = written(inspector, 1)
    inspector.emit(message('a', '1'))
    inspector.emit(message('b', '2', true))
    inspector.emit(message('a', '3', true))
    inspector.emit({ type: 'store', op: 'set', key: 'k', by: 'a', value: '4' })
    inspector.emit(message('a', '5'))
    expect(await batches).toEqual([
      [
        { type: 'messages', channel: 'jobs', from: 'main', to: 'a', count: 3, last: '5', redelivered: 1 },
        { type: 'messages', channel: 'jobs', from: 'main', to: 'b', count: 1, last: '2', redelivered: 1 },
        { type: 'store', op: 'set', key: 'k', by: 'a', value: '4' },
      ],
    ])
  })

  it('sums refusals per sender, channel and reason, apart from the messages, so a loop sending to a full channel costs one entry a batch', async () => {
    const inspector = new Inspector()
    const batches = written(inspector, 1)
    const refused = (from: string, preview: string, reason: 'full' | 'too-large' = 'full') => ({
      type: 'refused' as const,
      channel: 'jobs',
      from,
      reason,
      preview,
    })
    for (let n = 0; n < 1000; n++) inspector.emit(refused('a', String(n)))
    inspector.emit(message('a', 'x'))
    inspector.emit(refused('a', '70000000 bytes', 'too-large'))
    inspector.emit(refused('b', 'y'))
    expect(await batches).toEqual([
      [
        { type: 'refusals', channel: 'jobs', from: 'a', reason: 'full', count: 1000, last: '999' },
        { type: 'messages', channel: 'jobs', from: 'main', to: 'a', count: 1, last: 'x', redelivered: 0 },
        { type: 'refusals', channel: 'jobs', from: 'a', reason: 'too-large', count: 1, last: '70000000 bytes' },
        { type: 'refusals', channel: 'jobs', from: 'b', reason: 'full', count: 1, last: 'y' },
      ],
    ])
  })
})
