import { describe, expect, it } from 'vitest'
import { INITIAL_WINDOW } from '../../src/delivery/receiver.js'
import { addEnd, settle, world } from './harness.js'

describe('what an end had not finished when its process died goes back to the channel', () => {
  it('redelivers, in order and ahead of newer messages, with the flag set only on what the dead end had', async () => {
    const w = world()
    const doomed = w.child('doomed')
    const heir = w.child('heir')
    const doomedEnd = addEnd(doomed.runtime, 'work', 8)
    doomedEnd.receiver.addHandler(value => {
      doomedEnd.got.push(value)
      // Never finishes: the process dies in the middle.
      return new Promise<void>(() => {})
    })
    addEnd(w.main, 'work')
    for (let n = 0; n < 5; n++) w.main.client.send('work', n, 0)
    await settle()
    expect(doomedEnd.got).toEqual([0])
    // Its first window: the end has used nothing yet, so it has not grown.
    expect(doomedEnd.delivered).toBe(INITIAL_WINDOW)

    w.kill(doomed)
    const heirEnd = addEnd(heir.runtime, 'work', 8)
    heirEnd.receiver.addHandler((value, info) => {
      heirEnd.got.push(value)
      heirEnd.infos.push(info)
      return undefined
    })
    w.main.client.send('work', 5, 0)
    await settle()
    expect(heirEnd.got).toEqual([0, 1, 2, 3, 4, 5])
    const flags = [0, 1, 2, 3, 4, 5].map(n => n < INITIAL_WINDOW)
    expect(heirEnd.infos.map(info => info.redelivered)).toEqual(flags)
    expect(heirEnd.infos.every(info => info.from === 'main')).toBe(true)
  })

  it('loses nothing an active end had taken ahead, and nothing it used comes again', async () => {
    const w = world()
    const doomed = w.child('doomed')
    const heir = w.child('heir')
    const doomedEnd = addEnd(doomed.runtime, 'q', 16)
    addEnd(w.main, 'q')
    for (let n = 0; n < 10; n++) w.main.client.send('q', n, 0)
    const used = [await doomedEnd.receiver.receive({}, 'r'), await doomedEnd.receiver.receive({}, 'r')]
    await settle()
    w.kill(doomed)
    const heirEnd = addEnd(heir.runtime, 'q', 16)
    const rest = []
    for (let i = 0; i < 8; i++) rest.push(await heirEnd.receiver.receive({}, 'r'))
    expect(used).toEqual([0, 1])
    expect(rest).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('a graceful stop gives back what no handler began, unflagged, and keeps what they began until it is finished', async () => {
    const w = world()
    const stopping = w.child('stopping')
    const other = w.child('other')
    const end = addEnd(stopping.runtime, 'jobs', 8)
    let finish!: () => void
    end.receiver.addHandler(value => {
      end.got.push(value)
      return new Promise<void>(resolve => {
        finish = resolve
      })
    })
    addEnd(w.main, 'jobs')
    for (let n = 0; n < 6; n++) w.main.client.send('jobs', n, 0)
    await settle()
    w.main.hub!.quiesce('stopping')
    const stopped = stopping.runtime.ends.get('jobs')!.stop()
    const otherEnd = addEnd(other.runtime, 'jobs', 8)
    otherEnd.receiver.addHandler((value, info) => {
      otherEnd.got.push(value)
      otherEnd.infos.push(info)
      return undefined
    })
    await settle()
    expect(otherEnd.got).toEqual([1, 2, 3, 4, 5])
    expect(otherEnd.infos.every(info => !info.redelivered)).toBe(true)
    finish()
    await stopped
    await settle()
    w.kill(stopping, 'gone')
    await settle()
    // The one it began and finished is not delivered again.
    expect(otherEnd.got).toEqual([1, 2, 3, 4, 5])
  })
})
