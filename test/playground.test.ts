import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { decodeState, encodeState } from '../playground/src/share.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import {
  asLine,
  DESKTOP,
  logLines,
  openPlayground as open,
  PHONE,
  RUN_LIMIT,
  runAndWait,
  runButton,
  seriousViolations,
  terminalRows,
  typeAtEnd,
  waitForExit,
} from './playground-page.js'
import { serveStatic } from './static-server.js'
import { isAlive as alive, listExamples } from '../packages/comm/test/helpers.js'

const inspectMain = readFileSync(join(root, 'playground/test/fixtures/inspect-main.ts'), 'utf8')

describe('the playground, in headless Chromium, with the local runtime', () => {
  let site: { url: string; close(): Promise<void> }
  let runtime: LocalRuntimeServer
  let browser: BrowserContext

  beforeAll(async () => {
    runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    site = await serveStatic(join(root, '.vitepress/dist'), (request, response) => runtime.handle(request, response))
    browser = await launchChromium()
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url })
  })
  afterAll(async () => {
    await browser?.close()
    runtime?.close()
    await site?.close()
  })

  const openPlayground = (query: string, path = '/playground', viewport = DESKTOP): Promise<Page> => open(browser, `${site.url}${path}${query}`, viewport)
  /** The inspection fixture as the reader's main.ts, with nothing else to run. */
  const withFixture = `?runtime=local${encodeState({ example: 'channels', files: { 'main.ts': inspectMain } })}`

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
    await waitForExit(page)
    await page.close()
  })

  it('lays the editor beside the output and the processes on a wide screen, without the docs sidebar', async () => {
    const page = await openPlayground('?runtime=local&example=channels')
    expect(await page.locator('.VPSidebar').isVisible()).toBe(false)
    const editor = (await page.locator('.playground .editor').boundingBox())!
    const output = (await page.locator('.playground .terminal-frame').boundingBox())!
    const processes = (await page.getByRole('region', { name: 'Processes' }).boundingBox())!
    expect(output.x).toBeGreaterThanOrEqual(editor.x + editor.width)
    expect(processes.x).toBeGreaterThanOrEqual(editor.x + editor.width)
    // All of it on the first screen: Run's effect is seen without scrolling.
    for (const box of [editor, output, processes]) expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height)
    expect(editor.height).toBeGreaterThan(300)
    expect(await page.getByRole('region', { name: 'Processes' }).textContent()).toContain('Press Run to see main')
    await page.close()
  })

  it('stacks on a phone, wraps code rather than clipping it, and nothing runs off the side', async () => {
    const page = await openPlayground('?runtime=local&example=channels', '/zh/playground', PHONE)
    const editor = (await page.locator('.playground .editor').boundingBox())!
    const output = (await page.locator('.playground .terminal-frame').boundingBox())!
    expect(output.y).toBeGreaterThanOrEqual(editor.y + editor.height)
    expect(editor.x + editor.width).toBeLessThanOrEqual(PHONE.width)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    // Every rendered line of code ends inside the editor.
    const overflow = await page.locator('.monaco-editor .view-line').evaluateAll(rows => {
      const editor = document.querySelector('.playground .editor')!.getBoundingClientRect()
      return rows.filter(row => (row.firstElementChild?.getBoundingClientRect().right ?? 0) > editor.right + 1).length
    })
    expect(overflow).toBe(0)
    await runAndWait(page, ['[nonebot] Passive receive: I am liteyuki main process passive'])
    await page.close()
  })

  it('runs with Ctrl+Enter and shows the output as a terminal does: colours, \\r lines, stderr marked apart', async () => {
    const page = await openPlayground(withFixture)
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining([asLine('inspection done')]))
    const lines = await logLines(page)
    expect(lines).toEqual([
      { process: 'main', text: 'inspection on' },
      { process: 'main', text: 'before after' },
      { process: 'worker', text: 'green and plain' },
      { process: 'main', text: 'progress 100%' },
      { process: 'main', text: 'something went wrong', stream: 'stderr' },
      { process: 'main', text: 'inspection done' },
    ])
    // On screen: the latest state of the progress line only, no escape sequence as text, green in green.
    const rows = await terminalRows(page)
    expect(rows.some(row => row.includes('progress 100%'))).toBe(true)
    expect(rows.some(row => /progress (10|50)%/.test(row))).toBe(false)
    expect(rows.join('\n')).not.toMatch(/7719|\[\{"type"/)
    expect(await page.locator('.xterm-rows span', { hasText: 'green' }).first().getAttribute('class')).toMatch(/xterm-fg-2/)
    expect(await page.locator('.xterm-rows span', { hasText: 'something went wrong' }).first().getAttribute('class')).toMatch(/xterm-fg-1/)
    await waitForExit(page)

    await page.getByRole('button', { name: 'Copy output' }).click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('[worker] green and plain\nprogress 100%')
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect.poll(() => logLines(page)).toEqual([])
    await expect.poll(() => terminalRows(page)).toEqual([])
    await page.close()
  })

  it("shows the processes, channels, shared memory and publications from main's inspection stream", async () => {
    const page = await openPlayground(withFixture)
    await runButton(page).click()
    const view = page.getByRole('region', { name: 'Processes' })
    const worker = view.getByRole('list', { name: 'Processes' }).getByRole('listitem').filter({ hasText: 'worker' })
    // The crash, then the restart: state in words, not colour alone. Main has exited by now, and its worker with it.
    await expect.poll(() => worker.textContent(), { timeout: RUN_LIMIT }).toMatch(/worker\s*stopped\s*pid 4243.*restarted once/)
    expect(await view.getByRole('list', { name: 'Processes' }).getByRole('listitem').filter({ hasText: 'main' }).textContent()).toMatch(/main\s*exited.*code 0/)

    // Each channel with the processes that hold it, and each route with its messages.
    expect(await view.locator('.holders').textContent()).toContain('worker-active held by main, worker')
    const route = view.getByRole('list', { name: 'Channels' }).getByRole('listitem').first()
    expect(await route.locator('summary').textContent()).toMatch(/worker-active\s*main → worker\s*3/)
    // The latest payloads open from the keyboard.
    await route.locator('summary').focus()
    await page.keyboard.press('Enter')
    expect(await route.getByRole('listitem').allTextContents()).toEqual(['{"n":3}', '{"n":2}'])

    const store = view.getByRole('table', { name: 'Shared memory' })
    expect(await store.getByRole('row').allTextContents()).toEqual(['KeyValueSet by', 'counter42worker', 'scratchdeletedmain'])
    expect(await view.getByRole('list', { name: 'Publications' }).textContent()).toMatch(/news\s*main → main, worker\s*"hello"/)
    await page.close()
  })

  it('marks edited files as changed, and Reset brings the example back', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    const tab = page.getByRole('tab', { name: /main\.ts/ })
    expect(await tab.textContent()).not.toContain('changed')
    await typeAtEnd(page, "\nconsole.log('edited in the playground')")
    await expect.poll(() => tab.textContent()).toContain('changed')
    await runAndWait(page, ['edited in the playground', '5² = 25'])
    await expect.poll(() => page.url()).toContain('#code=')
    expect(decodeState(new URL(page.url()).hash)?.files['main.ts']).toContain("console.log('edited in the playground')")

    // A shared link is marked too, and runs the edit.
    const shared = await openPlayground(new URL(page.url()).search + new URL(page.url()).hash)
    expect(await shared.getByRole('tab', { name: /main\.ts/ }).textContent()).toContain('changed')
    await runAndWait(shared, ['edited in the playground'])
    await shared.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => new URL(shared.url()).hash).toBe('')
    expect(await shared.getByRole('tab', { name: /main\.ts/ }).textContent()).not.toContain('changed')
    await runButton(shared).click()
    await waitForExit(shared)
    expect((await logLines(shared)).some(l => l.text === 'edited in the playground')).toBe(false)
    await Promise.all([page.close(), shared.close()])
  })

  it('takes every printable character in the editor, "/" too, despite the search hotkeys, and Chinese from an IME', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await typeAtEnd(page, "\nconst line = '10 / 2 ? a#b ~`!@$%^&*()-_=+[]{}|;:,.<>")
    await page.keyboard.insertText('中文输入')
    await page.keyboard.type("'")
    expect(await page.locator('.VPLocalSearchBox').count()).toBe(0)
    // The editor's model, through the link it keeps in the address bar.
    await expect
      .poll(() => decodeState(new URL(page.url()).hash)?.files['main.ts'] ?? '')
      .toContain("const line = '10 / 2 ? a#b ~`!@$%^&*()-_=+[]{}|;:,.<>中文输入'")
    // Outside the editor the hotkey still opens the search.
    await page.locator('.playground .description').click()
    await page.keyboard.press('/')
    await expect.poll(() => page.locator('.VPLocalSearchBox').count()).toBe(1)
    await page.close()
  })

  it("shows its steps until a Run can start at once, then says Ready, and the type checker's until it is up", async () => {
    const page = await browser.newPage()
    await page.setViewportSize(DESKTOP)
    await page.addInitScript(() => {
      const seen: string[] = []
      ;(window as unknown as { statuses: string[] }).statuses = seen
      new MutationObserver(() => {
        const text = document.querySelector('.playground [role="status"]')?.textContent
        if (text && seen.at(-1) !== text) seen.push(text)
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })
    await page.goto(`${site.url}/playground?runtime=local&example=channels`)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    const statuses = await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses)
    expect(statuses.at(-1)).toBe('Ready. Press Run or Ctrl+Enter.')
    expect(statuses.slice(0, -1).length).toBeGreaterThan(0)
    for (const status of statuses.slice(0, -1)) expect(status).toMatch(/^(Loading the editor|Starting the runtime)…$/)
    expect(await runButton(page).isEnabled()).toBe(true)
    // A Run compiles on the page and does not wait for the type checker: its step shows until it is up, then the steps go.
    await expect.poll(() => page.locator('.playground .steps').count(), { timeout: 60_000 }).toBe(0)
    await page.close()
  })

  it('says at once that the WebContainer cannot reach its servers, offers the local runtime, and keeps the choice in the URL', async () => {
    const page = await browser.newPage()
    await page.setViewportSize(DESKTOP)
    await page.goto(`${site.url}/playground?example=channels`)
    const alert = page.getByRole('alert', { name: 'The runtime cannot start here' })
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("cannot reach StackBlitz's servers")
    await alert.getByRole('button', { name: /Use Local/ }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('runtime')).toBe('local')
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    expect(await page.getByRole('combobox', { name: 'Runtime' }).inputValue()).toBe('local')
    await runAndWait(page, ['Sent 3 rounds, stopping'])
    // A reload keeps the runtime chosen.
    await page.reload()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    await page.close()
  })

  it('shows a type error for a wrong call into the library, and none for the example', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    const problems = page.getByRole('list', { name: 'Type errors' })
    await typeAtEnd(page, '\ngetChannel(42)')
    // Exactly the error we made: the library's types resolve, and the example itself is clean.
    await expect
      .poll(() => problems.locator('li').allTextContents(), { timeout: 60_000 })
      .toEqual([expect.stringMatching(/^main\.ts:\d+:12 Argument of type 'number' is not assignable to parameter of type 'string'/)])
    await page.keyboard.press('Control+z')
    await expect.poll(() => problems.count(), { timeout: 60_000 }).toBe(0)
    await page.close()
  })

  it("completes and explains the library's API from its own declarations", async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await typeAtEnd(page, '\nbot.')
    // The list shows its first rows only: members near the top of the alphabet.
    const suggestions = page.locator('.monaco-editor .suggest-widget .monaco-list-row')
    await expect
      .poll(() => suggestions.allTextContents(), { timeout: 60_000 })
      .toEqual(expect.arrayContaining([expect.stringContaining('addProcess'), expect.stringContaining('inspect')]))
    await page.keyboard.press('Escape')
    await page.keyboard.type('restartProcess')
    // Hovering the method shows its declaration, documentation included.
    await page.locator('.monaco-editor .view-line', { hasText: 'bot.restartProcess' }).locator('span', { hasText: 'restartProcess' }).last().hover()
    await expect.poll(() => page.locator('.monaco-editor .monaco-hover').first().textContent(), { timeout: 30_000 }).toMatch(/restartProcess\(name: string\)/)
    await page.close()
  })

  it('stops a program that would run forever, children included', async () => {
    const files = {
      'main.ts':
        "import { getBot } from 'liteyuki-comm'\n\nconst bot = getBot()\nbot.addProcess('looper', new URL('./child.js', import.meta.url))\nawait bot.start()\nconsole.log('main is up')\n",
      'child.ts': "console.log(`pid ${process.pid}`)\nsetInterval(() => console.log('tick'), 100)\n",
    }
    const page = await openPlayground(`?runtime=local${encodeState({ example: 'channels', files })}`)
    await runButton(page).click()
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
    expect(await runButton(page).isEnabled()).toBe(true)
    await page.close()
  })

  it('speaks Chinese on /zh/playground', async () => {
    const page = await openPlayground(withFixture, '/zh/playground')
    for (const name of ['运行', '停止', '重置', '清空', '复制输出']) await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1)
    await expect(
      page
        .getByRole('log')
        .getAttribute('aria-labelledby')
        .then(id => page.locator(`#${id}`).textContent()),
    ).resolves.toBe('输出')
    await runButton(page).click()
    const view = page.getByRole('region', { name: '进程' })
    await expect.poll(() => view.getByRole('list', { name: '进程' }).textContent(), { timeout: RUN_LIMIT }).toMatch(/worker\s*已停止.*已重启 1 次/)
    expect(await view.getByRole('table', { name: '共享内存' }).textContent()).toContain('已删除')
    await waitForExit(page)
    // The editor's own interface too: its find widget.
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+f')
    await expect.poll(() => page.locator('.monaco-editor .find-widget textarea').first().getAttribute('placeholder')).toBe('查找')
    await page.close()
  })

  it('follows the site between light and dark', async () => {
    const page = await openPlayground('?runtime=local&example=channels')
    const editor = page.locator('.monaco-editor').first()
    const dark = async (): Promise<boolean> => await page.evaluate(() => document.documentElement.classList.contains('dark'))
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

  it.each(['/playground', '/zh/playground'])('has no serious or critical accessibility violation on %s, light and dark, before and after a run', async path => {
    const page = await openPlayground(withFixture, path)
    expect(await seriousViolations(page)).toEqual([])
    await runButton(page).click()
    await waitForExit(page)
    await page
      .getByRole('list', { name: /Channels|通道/ })
      .locator('summary')
      .first()
      .click()
    for (const appearance of ['light', 'dark']) {
      const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'))
      if (dark !== (appearance === 'dark')) await page.locator('.VPNavBar .VPSwitchAppearance').first().click()
      await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(appearance === 'dark')
      expect(await seriousViolations(page), appearance).toEqual([])
    }
    await page.close()
  })

  it("ships the editor's and TypeScript's workers, and no worker of a language the playground does not use", () => {
    const workers = readdirSync(join(root, '.vitepress/dist/assets'))
      .filter(name => /\.worker-/.test(name))
      .map(name => name.replace(/-.*\.js$/, ''))
    expect(workers.sort()).toEqual(['editor.worker', 'ts.worker'])
  })
})
