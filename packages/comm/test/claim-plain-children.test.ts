import { describe, expect, it, onTestFinished } from 'vitest'
import { fixture, runNode, until } from './helpers.js'
import { isRunning } from './probes.js'
import { section } from './docs-text.js'

// Troubleshooting said children that never import the library are killed only
// when main exits normally or crashes; they go after a SIGKILL of main too.
describe('troubleshooting on children that never import liteyuki-comm', () => {
  it('such a child is gone after a SIGKILL of main', async () => {
    const main = runNode(fixture('descendants-main.mjs'), ['plain'])
    const pid = (): number | undefined => main.lines.map(line => /^pid (\d+)$/.exec(line)?.[1]).find(Boolean) as number | undefined
    onTestFinished(() => {
      main.child.kill('SIGKILL')
      const left = Number(pid())
      if (left && isRunning(left)) process.kill(left, 'SIGKILL')
    })
    await main.waitForLine(/^started$/)
    await until(
      () => pid() !== undefined,
      10_000,
      () => `a pid line in:\n${main.lines.join('\n')}`,
    )
    const child = Number(pid())
    expect(isRunning(child)).toBe(true)
    main.child.kill('SIGKILL')
    await main.exited
    // The promise is 2 s; the bound here is for a loaded machine, not a timing check.
    await until(
      () => !isRunning(child),
      20_000,
      () => `plain child ${child} still running`,
    )
  })

  it.each([
    ['en', /never import `liteyuki-comm`[^.]*however it ends, `SIGKILL` included/, /only when main exits normally or crashes/],
    ['zh', /从未导入 `liteyuki-comm` 的子进程[^。]*包括 `SIGKILL`/, /只有在主进程正常退出或崩溃时/],
  ] as const)('%s: says they are killed after SIGKILL too', (lang, says, said) => {
    const text = section(lang, 'guide/troubleshooting.md', 'children-are-left-running-after-main-dies')
    expect(text).toMatch(says)
    expect(text).not.toMatch(said)
  })
})
