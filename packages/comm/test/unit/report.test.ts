import { afterEach, describe, expect, it, vi } from 'vitest'
import { onReport, reportOnce } from '../../src/runtime/report.js'

describe("the library's own error reports", () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('reach the listeners at every occurrence, while the printing keeps to one line per source and second', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
    const heard: Array<[string, string]> = []
    const stop = onReport((error, source) => heard.push([source, error.message]))
    for (let n = 0; n < 100; n++) reportOnce('a flooding source', new Error(`bad frame ${n}`))
    stop()
    reportOnce('a flooding source', new Error('after the listener left'))
    expect(heard).toHaveLength(100)
    expect(heard[99]).toEqual(['a flooding source', 'bad frame 99'])
    expect(printed).toHaveBeenCalledTimes(1)
  })

  it('give the listeners an Error for a report made of text, and survive a listener that throws', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const heard: Error[] = []
    const stopThrowing = onReport(() => {
      throw new Error('a broken listener')
    })
    const stop = onReport(error => heard.push(error))
    expect(() => reportOnce('a text report', 'the frame was dropped')).not.toThrow()
    stop()
    stopThrowing()
    expect(heard).toHaveLength(1)
    expect(heard[0]).toBeInstanceOf(Error)
    expect(heard[0]!.message).toBe('the frame was dropped')
  })
})
