import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { isolationHeaders } from '../playground/server/vite-plugin.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { DESKTOP, openPlayground, runAndWait, typeAtEnd } from './playground-page.js'
import { parseHeaders, serveStatic } from './static-server.js'

const dist = join(root, '.vitepress/dist')
type Site = { url: string; close(): Promise<void> }

const isolated = (page: Page): Promise<boolean> => page.evaluate(() => crossOriginIsolated)

describe('cross-origin isolation of the playground, in headless Chromium', () => {
  let withHeaders: Site
  let withoutHeaders: Site
  /** A host that cannot send headers and does not have the service worker either. */
  let withNeither: Site
  let browser: BrowserContext
  let runtime: LocalRuntimeServer

  beforeAll(async () => {
    runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    withHeaders = await serveStatic(dist)
    withoutHeaders = await serveStatic(dist, (request, response) => runtime.handle(request, response), { headers: false })
    withNeither = await serveStatic(
      dist,
      async (request, response) => {
        if (!request.url?.includes('coi-serviceworker')) return false
        response.writeHead(404).end()
        return true
      },
      { headers: false },
    )
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await withHeaders?.close()
    await withoutHeaders?.close()
    await withNeither?.close()
    runtime?.close()
  })

  it('loads the playground fully from a link in prose, so the page is isolated', async () => {
    const page = await browser.newPage()
    await page.goto(`${withHeaders.url}/guide/process-management`)
    expect(await isolated(page)).toBe(false)
    await page.locator('.vp-doc a[href*="playground"]').first().click()
    await page.waitForURL(/\/playground/)
    await expect.poll(() => isolated(page)).toBe(true)
    await page.close()
  })

  it('loads the playground fully from the pager, and leaves it with a full load too', async () => {
    const page = await browser.newPage()
    await page.goto(`${withHeaders.url}/api/types`)
    // The last page of the API reference comes right before the playground in the sidebar.
    const next = page.locator('.VPDocFooter .pager-link.next')
    expect(await next.getAttribute('href')).toMatch(/\/playground/)
    await next.click()
    await page.waitForURL(/\/playground/)
    await expect.poll(() => isolated(page)).toBe(true)
    // The navigation bar's Guide link: a client-side route would keep the isolated document.
    await page.locator('.VPNavBar a[href*="/guide/"]').first().click()
    await page.waitForURL(/\/guide\//)
    await expect.poll(() => isolated(page)).toBe(false)
    await page.close()
  })

  it('isolates the playground with a service worker where the host cannot send headers, and only the playground', async () => {
    const page = await browser.newPage()
    await page.goto(`${withoutHeaders.url}/playground`)
    // The worker registers, the page reloads once under it, and is then isolated.
    await expect.poll(() => isolated(page), { timeout: 30_000 }).toBe(true)
    const scopes = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map(r => new URL(r.scope).pathname))
    expect(scopes).toEqual(['/playground'])
    await page.goto(`${withoutHeaders.url}/guide/channels`)
    expect(await isolated(page)).toBe(false)
    await page.close()
  })

  it("loads the editor's workers under the service worker's isolation: type errors show and Run works", async () => {
    const page = await openPlayground(browser, `${withoutHeaders.url}/playground?runtime=local&example=active-mode`)
    expect(await isolated(page)).toBe(true)
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
    await typeAtEnd(page, '\ngetChannel(42)')
    await expect
      .poll(() => page.getByRole('list', { name: 'Type errors' }).locator('li').allTextContents(), { timeout: 60_000 })
      .toEqual([expect.stringMatching(/Argument of type 'number' is not assignable/)])
    await runAndWait(page, ['5² = 25'])
    await page.close()
  })

  it('explains, with the commands to run locally, when the page cannot be isolated', async () => {
    const page = await browser.newPage()
    await page.goto(`${withNeither.url}/zh/playground?example=shared-memory`)
    const alert = page.getByRole('alert', { name: '运行环境无法在此启动' })
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain('跨源隔离')
    const text = (await alert.textContent())!
    expect(text).toContain('main.ts, child.ts')
    expect(text).toContain('npm install liteyuki-comm')
    expect(text).toContain('node main.js')
    expect(await page.getByRole('button', { name: '运行' }).isDisabled()).toBe(true)
    await page.close()
  })

  it('explains, with the commands to run locally, when the WebContainer cannot reach its servers', async () => {
    const page = await browser.newPage()
    await page.setViewportSize(DESKTOP)
    await page.goto(`${withHeaders.url}/playground`)
    expect(await isolated(page)).toBe(true)
    const alert = page.getByRole('alert', { name: 'The runtime cannot start here' })
    // The browser is offline to everything but this machine: the lookup fails at once, and the page says so.
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toContain("cannot reach StackBlitz's servers")
    expect(await alert.textContent()).toContain('npx tsc --module nodenext')
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    // This host has no local runtime to offer instead.
    expect(await alert.getByRole('button', { name: /instead/ }).count()).toBe(0)
    expect(await alert.isVisible()).toBe(true)
    await page.close()
  })
})

describe('the isolation headers', () => {
  // The dev server, Netlify/Cloudflare's `_headers` and `vercel.json` must agree, path by path.
  const paths = [
    '/playground',
    '/playground.html',
    '/zh/playground',
    '/zh/playground.html',
    '/guide/channels',
    '/zh/',
    '/',
    '/assets/chunks/app.js',
    '/assets/ts.worker.js',
  ]
  const isPage = (path: string): boolean => !path.startsWith('/assets/')
  const lower = (headers: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

  const fromHeadersFile = (path: string): Record<string, string> => {
    const result: Record<string, string> = {}
    for (const rule of parseHeaders(join(root, 'docs/public/_headers'))) if (rule.matches(path)) Object.assign(result, rule.headers)
    return lower(result)
  }

  const fromVercel = (path: string): Record<string, string> => {
    const config = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as {
      headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }>
    }
    const result: Record<string, string> = {}
    for (const rule of config.headers) {
      // Vercel's sources are path-to-regexp patterns; these use only groups and `(.*)`.
      if (new RegExp(`^${rule.source}$`).test(path)) for (const { key, value } of rule.headers) result[key] = value
    }
    return lower(result)
  }

  it.each(paths)('are the same for %s in development, _headers and vercel.json', path => {
    const dev = lower(isolationHeaders(path, isPage(path)))
    expect(fromHeadersFile(path)).toEqual(dev)
    expect(fromVercel(path)).toEqual(dev)
  })
})
