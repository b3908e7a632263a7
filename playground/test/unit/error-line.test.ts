import { describe, expect, it } from 'vitest'
import { createErrorWatch } from '../../src/error-line'
import type { OutputLine } from '../../src/output'

const err = (text: string, process = 'main'): OutputLine => ({ process, text, stream: 'stderr' })

describe('the error line a run shows above its output', () => {
  it("is the line that names the error, past Node.js's source line and caret", () => {
    const watch = createErrorWatch()
    for (const line of [
      { process: 'main', text: 'starting', stream: 'stdout' as const },
      err('file:///tmp/x/main.js:3'),
      err("throw new Error('boom')"),
      err('^'),
      err(''),
      err('Error: boom'),
      err('    at file:///tmp/x/main.js:3:7'),
      err('TypeError: later'),
    ])
      watch.push(line)
    expect(watch.line).toEqual(err('Error: boom'))
  })

  it("names a child's error, with a code in brackets", () => {
    const watch = createErrorWatch()
    watch.push(err('TypeError [ERR_INVALID_ARG_TYPE]: The "name" argument must be of type string', 'worker'))
    expect(watch.line?.process).toBe('worker')
  })

  it('is the first stderr line when none names an error, and nothing after a clear', () => {
    const watch = createErrorWatch()
    watch.push(err('warning: low disk'))
    watch.push(err('second'))
    expect(watch.line?.text).toBe('warning: low disk')
    watch.clear()
    expect(watch.line).toBeUndefined()
  })
})
