import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { decodeState, encodeState } from '../playground/src/share.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { serveStatic } from './static-server.js'
import { isAlive as alive, listExamples } from '../packages/comm/test/helpers.js'

/** How long one example may take from Run to its last expected line. */
const RUN_LIMIT = 45_000

describe('the playground, in headless Chromium, with the local runtime', () => {
  let site: { url: string; close(): Promise<void> }
  let runtime: LocalRuntimeServer
  let browser: BrowserContext

  beforeAll(async () => {
    runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    site = await serveStatic(join(root, '.vitepress/dist'), (request, response) => runtime.handle(request, response))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    runtime?.close()
    await site?.close()
  })

  async function openPlayground(query: string, path = '/playground'): Promise<Page> {
    const page = await browser.newPage()
    await page.goto(`${site.url}${path}${query}`)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready|准备就绪/)
    return page
  }

  const logLines = (page: Page): Promise<Array<{ process: string; text: string }>> =>
    page.getByRole('log').locator('.line').evaluateAll(lines => lines.map(line => ({
      process: line.querySelector('.process')!.textContent!,
      text: line.querySelector('.text')!.textContent!,
    })))

  /** `[name] text` is a line of child `name`; anything else is main's. */
  const asLine = (expected: string): { process: string; text: string } => {
    const match = /^\[([^\]]+)\] (.*)$/.exec(expected)
    return match ? { process: match[1]!, text: match[2]! } : { process: 'main', text: expected }
  }

  async function runAndWait(page: Page, expected: string[]): Promise<void> {
    await page.getByRole('button', { name: /^(Run|运行)$/ }).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining(expected.map(asLine)))
  }

  async function typeAtEnd(page: Page, text: string): Promise<void> {
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('End')
    await page.keyboard.type(text)
  }

  it('is cross-origin isolated, and no other page is', async () => {
    const playground = await openPlayground('?runtime=local')
    expect(await playground.evaluate(() => crossOriginIsolated)).toBe(true)
    const guide = await browser.newPage()
    await guide.goto(`${site.url}/guide/channels`)
    expect(await guide.evaluate(() => crossOriginIsolated)).toBe(false)
    await Promise.all([playground.close(), guide.close()])
  })

  it.each(listExamples().map(e => [e.name, e.meta.expect] as const))('runs the %s example: lines from main and from the child', async (name, expected) => {
    const page = await openPlayground(`?runtime=local&example=${name}`)
    await runAndWait(page, expected)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/Exited with code 0/)
    await page.close()
  })

  it('runs edited code, and a share link brings the edit back', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await typeAtEnd(page, "\nconsole.log('edited in the playground')")
    await runAndWait(page, ['edited in the playground', '5² = 25'])
    await expect.poll(() => page.url()).toContain('#code=')
    expect(decodeState(new URL(page.url()).hash)?.files['main.ts']).toContain("console.log('edited in the playground')")

    const shared = await openPlayground(new URL(page.url()).search + new URL(page.url()).hash)
    await runAndWait(shared, ['edited in the playground'])
    await shared.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => new URL(shared.url()).hash).toBe('')
    await shared.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => shared.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/Exited with code 0/)
    expect((await logLines(shared)).some(l => l.text === 'edited in the playground')).toBe(false)
    await Promise.all([page.close(), shared.close()])
  })

  it('shows a type error for a wrong call into the library, and none for the example', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    const problems = page.getByRole('list', { name: 'Type errors' })
    await typeAtEnd(page, '\ngetChannel(42)')
    // Exactly the error we made: the library's types resolve, and the example itself is clean.
    await expect.poll(() => problems.locator('li').allTextContents(), { timeout: 60_000 })
      .toEqual([expect.stringMatching(/^main\.ts:\d+:12 Argument of type 'number' is not assignable to parameter of type 'string'/)])
    await page.keyboard.press('Control+z')
    await expect.poll(() => problems.count(), { timeout: 60_000 }).toBe(0)
    await page.close()
  })

  it('completes and explains the library\'s API from its own declarations', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await typeAtEnd(page, '\nbot.')
    const suggestions = page.locator('.monaco-editor .suggest-widget .monaco-list-row')
    await expect.poll(() => suggestions.allTextContents(), { timeout: 60_000 }).toEqual(expect.arrayContaining([
      expect.stringContaining('addProcess'),
      expect.stringContaining('restartProcess'),
    ]))
    await page.keyboard.press('Escape')
    await page.keyboard.type('restartProcess')
    // Hovering the method shows its declaration, documentation included.
    await page.locator('.monaco-editor .view-line', { hasText: 'bot.restartProcess' }).locator('span', { hasText: 'restartProcess' }).last().hover()
    await expect.poll(() => page.locator('.monaco-editor .monaco-hover').first().textContent(), { timeout: 30_000 }).toMatch(/restartProcess\(name: string\)/)
    await page.close()
  })

  it('stops a program that would run forever, children included', async () => {
    const files = {
      'main.ts': "import { getBot } from 'liteyuki-comm'\n\nconst bot = getBot()\nbot.addProcess('looper', new URL('./child.js', import.meta.url))\nawait bot.start()\nconsole.log('main is up')\n",
      'child.ts': "console.log(`pid ${process.pid}`)\nsetInterval(() => console.log('tick'), 100)\n",
    }
    const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files })}`)
    await page.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining([{ process: 'looper', text: 'tick' }]))
    const childPid = Number((await logLines(page)).find(l => l.text.startsWith('pid '))!.text.slice(4))
    const [run] = runtime.runs()
    expect(run).toBeDefined()
    expect(alive(childPid)).toBe(true)

    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Stopped.')
    expect(runtime.runs()).toEqual([])
    await expect.poll(() => alive(childPid), { timeout: 10_000 }).toBe(false)
    await expect.poll(() => alive(-run!.pid), { timeout: 10_000 }).toBe(false)
    // Nothing more arrives once stopped.
    const count = (await logLines(page)).length
    await page.waitForTimeout(500)
    expect((await logLines(page)).length).toBe(count)
    expect(await page.getByRole('button', { name: 'Run' }).isEnabled()).toBe(true)
    await page.close()
  })

  it('speaks Chinese on /zh/playground', async () => {
    const page = await openPlayground('?runtime=local&example=channels', '/zh/playground')
    for (const name of ['运行', '停止', '重置']) await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1)
    await expect(page.getByRole('log').getAttribute('aria-label')).resolves.toBe('输出')
    // The editor's own interface too: its find widget.
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+f')
    await expect.poll(() => page.locator('.monaco-editor .find-widget textarea').first().getAttribute('placeholder')).toBe('查找')
    await page.close()
  })

  it('follows the site between light and dark', async () => {
    const page = await openPlayground('?runtime=local&example=channels')
    const editor = page.locator('.monaco-editor').first()
    const dark = async (): Promise<boolean> => (await page.evaluate(() => document.documentElement.classList.contains('dark')))
    const editorDark = async (): Promise<boolean> => /\bvs-dark\b/.test((await editor.getAttribute('class')) ?? '')
    const before = await dark()
    expect(await editorDark()).toBe(before)
    for (const expected of [!before, before]) {
      await page.locator('.VPNavBar .VPSwitchAppearance').first().click()
      await expect.poll(dark).toBe(expected)
      await expect.poll(editorDark).toBe(expected)
    }
    await page.close()
  })
})
