import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isolationHeaders } from '../playground/server/vite-plugin.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
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

  beforeAll(async () => {
    withHeaders = await serveStatic(dist)
    withoutHeaders = await serveStatic(dist, undefined, { headers: false })
    withNeither = await serveStatic(dist, async (request, response) => {
      if (!request.url?.includes('coi-serviceworker')) return false
      response.writeHead(404).end()
      return true
    }, { headers: false })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await withHeaders?.close()
    await withoutHeaders?.close()
    await withNeither?.close()
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

  it('explains, with the commands to run locally, when the page cannot be isolated', async () => {
    const page = await browser.newPage()
    await page.goto(`${withNeither.url}/zh/playground?example=shared-memory`)
    const alert = page.getByRole('alert', { name: '浏览器内的运行环境无法在此启动' })
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
    await page.goto(`${withHeaders.url}/playground`)
    expect(await isolated(page)).toBe(true)
    const alert = page.getByRole('alert', { name: 'The in-browser runtime cannot start here' })
    // The browser is offline to everything but this machine: boot() never finishes, and its time limit ends the wait.
    await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toContain('did not start in time')
    expect(await alert.textContent()).toContain('npx tsc --module nodenext')
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    await page.close()
  })
})

describe('the isolation headers', () => {
  // The dev server, Netlify/Cloudflare's `_headers` and `vercel.json` must agree, path by path.
  const paths = ['/playground', '/playground.html', '/zh/playground', '/zh/playground.html', '/guide/channels', '/zh/', '/', '/assets/chunks/app.js', '/assets/ts.worker.js']
  const isPage = (path: string): boolean => !path.startsWith('/assets/')
  const lower = (headers: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

  const fromHeadersFile = (path: string): Record<string, string> => {
    const result: Record<string, string> = {}
    for (const rule of parseHeaders(join(root, 'docs/public/_headers'))) if (rule.matches(path)) Object.assign(result, rule.headers)
    return lower(result)
  }

  const fromVercel = (path: string): Record<string, string> => {
    const config = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as { headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }> }
    const result: Record<string, string> = {}
    for (const rule of config.headers) {
      // Vercel's sources are path-to-regexp patterns; these use only groups and `(.*)`.
      if (new RegExp(`^${rule.source}$`).test(path)) for (const { key, value } of rule.headers) result[key] = value
    }
    return lower(result)
  }

  it.each(paths)('are the same for %s in development, _headers and vercel.json', (path) => {
    const dev = lower(isolationHeaders(path, isPage(path)))
    expect(fromHeadersFile(path)).toEqual(dev)
    expect(fromVercel(path)).toEqual(dev)
  })
})
