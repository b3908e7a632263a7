import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { startDevServer, type DevServer } from './dev-server.js'
import { logLines, openPlayground, typeAtEnd, waitForExit } from './playground-page.js'
import { decodeState } from '../playground/src/share.js'

describe('npm run dev: the site with the playground on the local runtime', () => {
  let dev: DevServer
  let url: string
  let browser: BrowserContext

  beforeAll(async () => {
    dev = await startDevServer()
    url = dev.url
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    dev?.stop()
  })

  it('isolates the playground page and no other', async () => {
    const html = { accept: 'text/html' }
    const playground = await fetch(`${url}/playground`, { headers: html })
    expect(playground.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(playground.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    const guide = await fetch(`${url}/guide/channels`, { headers: html })
    expect(guide.status).toBe(200)
    expect(guide.headers.get('cross-origin-opener-policy')).toBeNull()
  })

  it('runs an example on the local runtime by default, and the toggle switches to the WebContainer', async () => {
    const page = await openPlayground(browser, `${url}/playground?example=channels`)
    const toggle = page.getByRole('combobox', { name: 'Runtime' })
    expect(await toggle.inputValue()).toBe('local')
    await page.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => logLines(page), { timeout: 60_000 }).toEqual(expect.arrayContaining([expect.objectContaining({ process: 'nonebot' })]))
    await waitForExit(page)

    await toggle.selectOption('webcontainer')
    expect(new URL(page.url()).searchParams.get('runtime')).toBe('webcontainer')
    // This machine cannot reach StackBlitz: the WebContainer says so, and offers the local runtime back.
    const alert = page.getByRole('alert', { name: 'The runtime cannot start here' })
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("cannot reach StackBlitz's servers")
    await alert.getByRole('button', { name: /Use Local/ }).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready/)
    await page.close()
  })

  it('loads the editor\'s workers: "/" types, type errors show, Ctrl+Enter runs', async () => {
    const page = await openPlayground(browser, `${url}/playground?example=active-mode`)
    await typeAtEnd(page, '\nconsole.log(10 / 2)\ngetChannel(42)')
    await expect
      .poll(() => page.getByRole('list', { name: 'Type errors' }).locator('li').allTextContents(), { timeout: 60_000 })
      .toEqual([expect.stringMatching(/Argument of type 'number' is not assignable/)])
    await expect.poll(() => decodeState(new URL(page.url()).hash)?.files['main.ts'] ?? '').toContain('console.log(10 / 2)')
    expect(await page.locator('.VPLocalSearchBox').count()).toBe(0)
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => logLines(page), { timeout: 60_000 }).toEqual(expect.arrayContaining([{ process: 'main', text: '5' }]))
    await page.close()
  })
})
