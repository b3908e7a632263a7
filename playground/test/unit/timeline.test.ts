import { describe, expect, it } from 'vitest'
import type { InspectEvent } from '../../src/inspect'
import { appendToTimeline, emptyTimeline, TIMELINE_LIMIT } from '../../src/timeline'

const message = (to: string, n: number, redelivered = 0): InspectEvent => ({
  type: 'messages',
  channel: 'jobs',
  from: 'main',
  to,
  count: 1,
  last: `{"n":${n}}`,
  redelivered,
})

describe('the timeline of a run', () => {
  it('keeps the events in the order main reported them, across batches, with a lane per process in order of appearance', () => {
    const timeline = emptyTimeline()
    appendToTimeline(timeline, [
      { type: 'process', name: 'worker', state: 'running', pid: 2 },
      message('worker', 1),
      { type: 'store', op: 'set', key: 'counter', by: 'worker', value: '1' },
    ])
    appendToTimeline(timeline, [{ type: 'publish', topic: 'news', from: 'worker', subscribers: ['main', 'logger'], preview: '"hi"' }, message('worker', 2, 1)])
    expect(timeline.lanes).toEqual(['main', 'worker', 'logger'])
    expect(timeline.entries.map(e => [e.id, e.kind, e.from, e.to])).toEqual([
      [1, 'process', 'worker', []],
      [2, 'message', 'main', ['worker']],
      [3, 'store', 'worker', ['main']],
      [4, 'publish', 'worker', ['main', 'logger']],
      [5, 'message', 'main', ['worker']],
    ])
    expect(timeline.entries[3]).toMatchObject({ topic: 'news', count: 1, payload: '"hi"' })
    expect(timeline.entries[4]).toMatchObject({ redelivered: 1, payload: '{"n":2}' })
  })

  it('draws messages main refused as arrows from their sender to main, with the count, the reason and the last payload', () => {
    const timeline = emptyTimeline()
    appendToTimeline(timeline, [message('worker', 1), { type: 'refusals', channel: 'jobs', from: 'producer', reason: 'full', count: 3, last: '{"n":9}' }])
    expect(timeline.lanes).toEqual(['main', 'worker', 'producer'])
    expect(timeline.entries[1]).toEqual({
      id: 2,
      kind: 'refused',
      from: 'producer',
      to: ['main'],
      channel: 'jobs',
      reason: 'full',
      count: 3,
      payload: '{"n":9}',
    })
  })

  it(`keeps the latest ${TIMELINE_LIMIT} entries of a flood, oldest dropped and counted, ids still in order`, () => {
    const timeline = emptyTimeline()
    for (let batch = 0; batch < 25; batch++)
      appendToTimeline(
        timeline,
        Array.from({ length: 100 }, (_, i) => message('worker', batch * 100 + i)),
      )
    expect(timeline.entries).toHaveLength(TIMELINE_LIMIT)
    expect(timeline.dropped).toBe(500)
    expect(timeline.entries[0]).toMatchObject({ id: 501, payload: '{"n":500}' })
    expect(timeline.entries.at(-1)).toMatchObject({ id: 2500, payload: '{"n":2499}' })
    const ids = timeline.entries.map(e => e.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('drops within one batch larger than the bound, and takes a smaller bound', () => {
    const timeline = emptyTimeline()
    appendToTimeline(
      timeline,
      Array.from({ length: 10 }, (_, i) => message('worker', i)),
      4,
    )
    expect(timeline.entries.map(e => ('payload' in e ? e.payload : undefined))).toEqual(['{"n":6}', '{"n":7}', '{"n":8}', '{"n":9}'])
    expect(timeline.dropped).toBe(6)
    appendToTimeline(timeline, [message('worker', 10)], 4)
    expect(timeline.entries.map(e => e.id)).toEqual([8, 9, 10, 11])
  })
})
