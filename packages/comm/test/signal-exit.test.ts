import { describe, expect, it, onTestFinished } from 'vitest'
import { fixture, runNode } from './helpers.js'

function startMain(...args: string[]): ReturnType<typeof runNode> {
  const main = runNode(fixture('descendants-main.mjs'), args)
  onTestFinished(() => {
    main.child.kill('SIGKILL')
  })
  return main
}

describe('main answers termination signals as a supervisor', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const) {
    it(`stops its children and exits with ${code} on ${signal}`, async () => {
      const main = startMain('library')
      await main.waitForLine(/^started$/)
      main.child.kill(signal)
      expect(await main.exited).toBe(code)
      // The after-stop hooks ran: the children were stopped by bot.stop().
      expect(main.lines).toContain('children stopped')
    })
  }

  it('leaves the signal to the application when it listens for it itself', async () => {
    const main = startMain('library', 'own-handler')
    await main.waitForLine(/^started$/)
    main.child.kill('SIGTERM')
    expect(await main.exited).toBe(7)
    expect(main.lines).toContain('handled by the application')
    expect(main.lines).not.toContain('children stopped')
  })

  it('changes nothing before the bot started anything', async () => {
    const main = startMain('library', 'no-start')
    await main.waitForLine(/^started$/)
    main.child.kill('SIGTERM')
    // Killed by the signal, as any Node.js process without a listener is.
    expect(await main.exited).toBe(null)
    expect(main.lines).not.toContain('children stopped')
  })
})
