import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { encodeState } from '../playground/src/share.js'
import { fakeWebContainerServer, useFakeWebContainer } from './fake-webcontainer-site.js'
import { asLine, DESKTOP, logLines, RUN_LIMIT, runButton, terminalRows, typeAtEnd, waitForExit } from './playground-page.js'
import { serveStatic } from './static-server.js'

const dist = join(root, '.vitepress/dist')

interface Control {
  fake: { boots: number; raiseError(message: string): void }
  bootCalls: number[]
}

describe('the playground on the WebContainer runtime, with the fake @webcontainer/api running real Node.js, in headless Chromium', () => {
  let site: { url: string; close(): Promise<void> }
  let local: LocalRuntimeServer
  let fake: ReturnType<typeof fakeWebContainerServer>
  let browser: BrowserContext

  beforeAll(async () => {
    local = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    fake = fakeWebContainerServer()
    site = await serveStatic(dist, async (request, response) => (await fake.handle(request, response)) || local.handle(request, response))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    fake?.close()
    local?.close()
    await site?.close()
  })

  /** A fresh page on the fake, at 1280×800, recording the errors it throws and when an alert first shows. */
  async function open(query: string, options: { failBoot?: string } = {}): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage()
    await page.setViewportSize(DESKTOP)
    const errors: string[] = []
    page.on('pageerror', error => errors.push(error.message))
    await useFakeWebContainer(page, dist, options)
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.playground [role="alert"]')) return
        ;(window as unknown as { alertAt: number }).alertAt = performance.now()
        observer.disconnect()
      }).observe(document, { subtree: true, childList: true })
    })
    await page.goto(`${site.url}/playground${query}`)
    return { page, errors }
  }
  const control = (page: Page): Promise<Control> => page.evaluate(() => (window as unknown as { fakeWebContainer: Control }).fakeWebContainer)

  it('boots it once, runs the edited code with Run and with Ctrl+Enter, and shows the output, stderr apart, and the processes', async () => {
    const { page, errors } = await open('?runtime=webcontainer&example=channels')
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)

    // Typed into both files: a line of main's on stderr, and one of the child's, which main relays.
    await typeAtEnd(page, "\nconsole.error('main says / no')")
    await page.getByRole('tab', { name: /child\.ts/ }).click()
    // At the top: the child's loop never ends, so nothing after it runs.
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.type("console.error('child says no')\n")
    await runButton(page).click()
    const expected = [
      asLine('[nonebot] Passive receive: I am liteyuki main process passive'),
      asLine('Sent 3 rounds, stopping'),
      { process: 'main', text: 'main says / no', stream: 'stderr' },
      { process: 'nonebot', text: 'child says no', stream: 'stderr' },
    ]
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining(expected))
    await waitForExit(page)
    // On screen too, the stderr line in red, and nothing of the marks.
    expect(await page.locator('.xterm-rows span', { hasText: 'main says / no' }).first().getAttribute('class')).toMatch(/xterm-fg-1/)
    expect((await terminalRows(page)).join('\n')).not.toMatch(/7720|7719/)
    // The live view, from the same stream.
    const processes = page.getByRole('region', { name: 'Processes' }).getByRole('list', { name: 'Processes' })
    expect(await processes.getByRole('listitem').filter({ hasText: 'nonebot' }).textContent()).toMatch(/nonebot\s*(stopped|exited)/)
    const routes = page.getByRole('region', { name: 'Processes' }).getByRole('list', { name: 'Channels' })
    expect(await routes.textContent()).toMatch(/nonebot-passive\s*main → nonebot\s*3/)

    // Again from the keyboard: the same container, not a second one.
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Compiling|Running/)
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining(expected))
    await waitForExit(page)
    expect((await control(page)).fake.boots).toBe(1)
    expect(await page.getByRole('alert', { name: 'The runtime cannot start here' }).count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('ends a run with the reason when the container reports an internal error', async () => {
    const files = { 'main.ts': "console.log('waiting')\nsetInterval(() => {}, 1000)\n" }
    const { page } = await open(`?runtime=webcontainer${encodeState({ example: 'channels', files })}`)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    await runButton(page).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toContainEqual({ process: 'main', text: 'waiting' })
    await page.evaluate(() => (window as unknown as { fakeWebContainer: Control }).fakeWebContainer.fake.raiseError('the container ran out of memory'))
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toBe('The run failed.')
    // The terminal writes its lines a moment after the status changes: waited for, not read at once.
    await expect
      .poll(() => logLines(page), { timeout: RUN_LIMIT })
      .toContainEqual({
        process: 'playground',
        text: 'The WebContainer reported an error: the container ran out of memory',
        stream: 'stderr',
      })
    await page.close()
  })

  it('says why a boot failed within 3 s, and offers the local runtime, which then runs', async () => {
    const { page, errors } = await open('?runtime=webcontainer&example=channels', { failBoot: 'Unable to create the WebContainer iframe' })
    const alert = page.getByRole('alert', { name: 'The runtime cannot start here' })
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('Unable to create the WebContainer iframe')
    expect(await alert.textContent()).toContain('The WebContainer failed to start')
    const { bootCalls } = await control(page)
    expect(bootCalls).toHaveLength(1)
    const alertAt = await page.evaluate(() => (window as unknown as { alertAt: number }).alertAt)
    expect(alertAt - bootCalls[0]!).toBeLessThan(3_000)
    expect(await runButton(page).isDisabled()).toBe(true)

    await alert.getByRole('button', { name: /Use Local/ }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('runtime')).toBe('local')
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    await runButton(page).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining([asLine('Sent 3 rounds, stopping')]))
    expect(errors).toEqual([])
    await page.close()
  })
})
