import { describe, expect, it } from 'vitest'
import { resolveBin, run } from './run-tool.js'

describe('the repository is linted and formatted', () => {
  it('oxlint finds nothing', async () => {
    const { code, output } = await run(resolveBin('oxlint', 'bin/oxlint'), ['--deny-warnings'])
    expect(code, output).toBe(0)
  })

  it('prettier has nothing to change', async () => {
    const { code, output } = await run(resolveBin('prettier', 'bin/prettier.cjs'), ['--check', '.'])
    expect(code, output).toBe(0)
  })
})
