import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { decodeState, encodeState } from '../playground/src/share.js'
import { root } from './docs-pages.js'
import { useLocalPlaygroundSite } from './local-playground-site.js'
import {
  DESKTOP,
  logLines,
  openPlayground as open,
  PHONE,
  RUN_LIMIT,
  runAndWait,
  runButton,
  seriousViolations,
  typeAtEnd,
  waitForExit,
} from './playground-page.js'

/** Main forks a worker that would tick for ever; what main does then is the test's. */
const withWorker = (rest: string): Record<string, string> => ({
  'main.ts': `import { getBot } from 'liteyuki-comm'\n\nconst bot = getBot()\nbot.addProcess('worker', new URL('./child.js', import.meta.url))\nawait bot.start()\nconsole.log('main is up')\n${rest}`,
  'child.ts': "console.log('worker is up')\nsetInterval(() => console.log('tick'), 200)\n",
})

interface ShownProcess {
  name: string
  state: string
  details: string[]
}

/** The processes as the live view shows them: name, state in words, details. */
const shownProcesses = (page: Page): Promise<ShownProcess[]> =>
  page.locator('.inspector .process').evaluateAll(items =>
    items.map(item => ({
      name: item.querySelector('.name')!.textContent!,
      state: item.querySelector('.state')!.textContent!,
      details: [...item.querySelectorAll('.detail')].map(detail => detail.textContent!),
    })),
  )
const status = (page: Page) => page.getByRole('status').textContent()

/** The editor's visible lines as text, as the reader reads them. */
const editorText = (page: Page): Promise<string[]> =>
  page.locator('.monaco-editor .view-line').evaluateAll(rows =>
    rows
      .map(row => ({ top: parseFloat((row as HTMLElement).style.top), text: row.textContent!.replace(/\u00A0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map(row => row.text.trimEnd()),
  )

describe('the playground tells the truth about a run, in headless Chromium', () => {
  const site = useLocalPlaygroundSite()

  const openPlayground = (query: string, path = '/playground', viewport = DESKTOP): Promise<Page> => open(site.browser, `${site.url}${path}${query}`, viewport)

  it.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const)('after a normal exit (%s), main shows exited with code 0, as the status line says, and no process running', async (_, viewport) => {
    const page = await openPlayground('?runtime=local&example=channels', '/playground', viewport)
    await runAndWait(page, ['Sent 3 rounds, stopping'])
    await waitForExit(page)
    await expect
      .poll(() => shownProcesses(page))
      .toEqual(expect.arrayContaining([{ name: 'main', state: 'exited', details: [expect.stringMatching(/^pid \d+$/), 'code 0'] }]))
    for (const process of await shownProcesses(page)) expect(process.state, process.name).not.toMatch(/running|starting|stopping/)
    await page.close()
  })

  it('after main crashes, shows it crashed with its code, its worker gone, and the error line above the output', async () => {
    const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files: withWorker("throw new Error('boom in main')\n") })}`)
    await runButton(page).click()
    await expect.poll(() => status(page), { timeout: RUN_LIMIT }).toBe('Exited with code 1.')
    await expect
      .poll(() => shownProcesses(page))
      .toEqual([
        { name: 'main', state: 'crashed', details: [expect.stringMatching(/^pid \d+$/), 'code 1'] },
        { name: 'worker', state: 'stopped', details: [expect.stringMatching(/^pid \d+$/)] },
      ])
    // The error is named above the output, on the first screen, whatever the terminal has scrolled to.
    const summary = page.locator('.playground .error-line')
    await expect.poll(() => summary.textContent()).toMatch(/^First error, from main:\s*Error: boom in main$/)
    const box = (await summary.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height)
    expect((await logLines(page)).some(line => line.stream === 'stderr' && line.text === 'Error: boom in main')).toBe(true)
    await page.close()
  })

  it("on a phone, a child's error is named above the output, and the next run clears it", async () => {
    // Main stops once its worker has ended by itself, whatever the worker printed.
    const files = {
      'main.ts':
        "import { getBot } from 'liteyuki-comm'\n\nconst bot = getBot()\nbot.addProcess('worker', new URL('./child.js', import.meta.url))\nbot.onProcessExit(() => bot.stop())\nawait bot.start()\n",
      'child.ts': "console.log('worker is up')\nconsole.error(new TypeError('bad input in the worker'))\n",
    }
    const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files })}`, '/playground', PHONE)
    await runButton(page).click()
    const summary = page.locator('.playground .error-line')
    await expect.poll(() => summary.textContent(), { timeout: RUN_LIMIT }).toMatch(/^First error, from worker:\s*TypeError: bad input in the worker$/)
    await summary.scrollIntoViewIfNeeded()
    expect(await summary.isVisible()).toBe(true)
    await waitForExit(page)
    // Edited so that the worker no longer fails: the next run has no error to name.
    await page.getByRole('tab', { name: /child\.ts/ }).click()
    await typeAtEnd(page, '\n')
    await page.keyboard.press('Control+a')
    await page.keyboard.type("console.log('worker is fine')\n")
    await runAndWait(page, ['[worker] worker is fine'])
    await waitForExit(page)
    expect(await summary.count()).toBe(0)
    await page.close()
  })

  it('after Stop, main and its worker show stopped, as the status line says; Reset empties the view', async () => {
    const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files: withWorker('') })}`)
    await runButton(page).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining([{ process: 'worker', text: 'tick' }]))
    expect((await shownProcesses(page)).map(p => [p.name, p.state])).toEqual([
      ['main', 'running'],
      ['worker', 'running'],
    ])
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('Stopped.')
    expect((await shownProcesses(page)).map(p => [p.name, p.state])).toEqual([
      ['main', 'stopped'],
      ['worker', 'stopped'],
    ])

    // Reset in the middle of a run: stopped, and the view is back to its invitation.
    await runButton(page).click()
    await expect
      .poll(() => shownProcesses(page), { timeout: RUN_LIMIT })
      .toEqual(expect.arrayContaining([expect.objectContaining({ name: 'worker', state: 'running' })]))
    await page.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => status(page), { timeout: 15_000 }).toMatch(/^Ready/)
    expect(await shownProcesses(page)).toEqual([])
    expect(await page.getByRole('region', { name: 'Processes' }).textContent()).toContain('Press Run to see main')
    await page.close()
  })

  it('labels who holds each channel and how many messages each route carried', async () => {
    const page = await openPlayground('?runtime=local&example=channels')
    await runAndWait(page, ['Sent 3 rounds, stopping'])
    await waitForExit(page)
    const view = page.getByRole('region', { name: 'Processes' })
    const holders = await view.getByRole('list', { name: 'Who holds each channel' }).getByRole('listitem').allTextContents()
    expect(holders.length).toBeGreaterThan(0)
    for (const line of holders) expect(line).toMatch(/^\S+ held by (\w[\w-]*(, )?)+$|^\S+ held by no process$/)
    expect(holders.some(line => /^nonebot-(active|passive) held by /.test(line))).toBe(true)
    const routes = await view.getByRole('list', { name: 'Channels' }).locator('summary').allTextContents()
    expect(routes).toEqual(expect.arrayContaining([expect.stringMatching(/nonebot-passive\s*main → nonebot\s*3 messages/)]))
    await page.close()
  })

  it('the Chinese playground shows the Chinese copies of the examples, the same ones the Chinese docs include', async () => {
    const page = await openPlayground('?runtime=local&example=channels', '/zh/playground')
    const zh = readFileSync(join(root, 'docs/snippets/zh/examples/channels/main.ts'), 'utf8').split('\n')
    await expect.poll(() => editorText(page)).toEqual(expect.arrayContaining(zh.filter(line => line.includes('//'))))
    expect((await editorText(page)).slice(0, 6)).toEqual(zh.slice(0, 6))
    // Unedited: the Chinese text is the example as written, not a change.
    expect(await page.getByRole('tab', { name: /main\.ts/ }).textContent()).not.toContain('已修改')
    await page.close()
  })

  it('switching to Chinese keeps the example and the edits (desktop), and back to English keeps them (phone)', async () => {
    const page = await openPlayground('?runtime=local&example=pubsub')
    await typeAtEnd(page, "\nconsole.log('kept across languages')")
    await expect.poll(() => page.url()).toContain('#code=')
    await page.locator('.VPNavBarTranslations').hover()
    await page.locator('.VPNavBarTranslations a', { hasText: '简体中文' }).click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/zh/playground')
    await expect.poll(() => status(page), { timeout: 60_000 }).toMatch(/准备就绪/)
    expect(await page.getByRole('combobox', { name: '示例' }).inputValue()).toBe('pubsub')
    expect(decodeState(new URL(page.url()).hash)?.files['main.ts']).toContain("console.log('kept across languages')")
    await expect.poll(() => editorText(page)).toEqual(expect.arrayContaining(["console.log('kept across languages')"]))
    expect(await page.getByRole('tab', { name: /main\.ts/ }).textContent()).toContain('已修改')
    await runAndWait(page, ['kept across languages'])
    await page.close()

    // Back, on a phone, from an unedited Chinese example: the English copy of the same example.
    const phone = await openPlayground('?runtime=local&example=shared-memory', '/zh/playground', PHONE)
    await phone.locator('.VPNavBarHamburger').click()
    await phone.locator('.VPNavScreenTranslations button').click()
    await phone.locator('.VPNavScreenTranslations a', { hasText: 'English' }).click()
    await expect.poll(() => new URL(phone.url()).pathname).toBe('/playground')
    await expect.poll(() => status(phone), { timeout: 60_000 }).toMatch(/^Ready/)
    expect(await phone.getByRole('combobox', { name: 'Example' }).inputValue()).toBe('shared-memory')
    expect(new URL(phone.url()).hash).toBe('')
    // A phone wraps long lines: the text is compared without the breaks and spaces the wrapping moves.
    const squeeze = (lines: string[]): string => lines.join('').replace(/\s/g, '')
    const en = readFileSync(join(root, 'playground/examples/shared-memory/main.ts'), 'utf8').split('\n')
    await expect.poll(() => editorText(phone).then(squeeze)).toContain(squeeze(en.slice(0, 4)))
    await phone.close()
  })

  it.each(['/playground', '/zh/playground'])(
    'has no serious or critical accessibility violation on %s, light and dark, with line numbers, an error line and a finished run',
    async path => {
      // A short file: every line number, the last one included, is on screen.
      const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files: withWorker("throw new Error('boom')\n") })}`, path)
      expect(await page.locator('.monaco-editor .line-numbers').count()).toBeGreaterThan(5)
      await runButton(page).click()
      await expect.poll(() => page.locator('.playground .error-line').count(), { timeout: RUN_LIMIT }).toBe(1)
      await expect.poll(() => runButton(page).isEnabled(), { timeout: RUN_LIMIT }).toBe(true)
      for (const appearance of ['light', 'dark']) {
        const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'))
        if (dark !== (appearance === 'dark')) await page.locator('.VPNavBar .VPSwitchAppearance').first().click()
        await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(appearance === 'dark')
        expect(await seriousViolations(page), appearance).toEqual([])
      }
      await page.close()
    },
  )
})
