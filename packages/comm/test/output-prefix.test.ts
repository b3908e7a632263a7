import { describe, expect, it } from 'vitest'
import { fixture, runNode } from './helpers.js'

describe('child output', () => {
  it("is labelled with the child's name when LITEYUKI_COMM_STDIO=prefix", async () => {
    const run = runNode(fixture('chatty-main.mjs'), [], { LITEYUKI_COMM_STDIO: 'prefix' })
    expect(await run.exited).toBe(0)
    expect(run.lines).toEqual(expect.arrayContaining(['[talker] hello from the child', '[talker] a warning from the child', 'main says bye']))
  })

  it('is passed through untouched by default', async () => {
    const run = runNode(fixture('chatty-main.mjs'), [], { LITEYUKI_COMM_STDIO: '' })
    expect(await run.exited).toBe(0)
    expect(run.lines).toEqual(expect.arrayContaining(['hello from the child', 'main says bye']))
    expect(run.lines.some(line => line.startsWith('[talker]'))).toBe(false)
  })
})
