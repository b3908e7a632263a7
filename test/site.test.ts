import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { editorCode, openWithScripts, type LoadedScript } from './site-pages.js'
import { serveStatic } from './static-server.js'

/** Bytes of JavaScript the home page may load, uncompressed. */
const HOME_JS_BUDGET = 260 * 1024

describe('the built documentation site, in headless Chromium', () => {
  let site: { url: string; close(): Promise<void> }
  let browser: BrowserContext
  const dist = join(root, '.vitepress/dist')

  beforeAll(async () => {
    site = await serveStatic(dist)
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  const open = async (path: string): Promise<Page> => {
    const page = await browser.newPage()
    await page.goto(site.url + path)
    return page
  }

  it('renders the home page in English and in Chinese, with the right lang', async () => {
    const en = await open('/')
    expect(await en.getAttribute('html', 'lang')).toBe('en-US')
    await expect(en.locator('.VPHero .name').textContent()).resolves.toContain('liteyuki-comm')
    await expect(en.locator('.VPHero .tagline').textContent()).resolves.toContain('A main process forks its children')
    const zh = await open('/zh/')
    expect(await zh.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await zh.locator('.VPHero .tagline').textContent()).toMatch(/[\u4e00-\u9fff]/)
    await Promise.all([en.close(), zh.close()])
  })

  it('switches language on the same page', async () => {
    const page = await open('/guide/channels')
    await page.locator('.VPNavBarTranslations').hover()
    await page.locator('.VPNavBarTranslations a', { hasText: '简体中文' }).click()
    await page.waitForURL(/\/zh\/guide\/channels$/)
    // The address changes first, then the page.
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await page.locator('main h1').first().textContent()).toContain('通道')
    await page.close()
  })

  it.each([
    ['/zh/', '共享内存', '/zh/guide/shared-memory'],
    ['/', 'shared memory', '/guide/shared-memory'],
  ])('on %s, search finds "%s" on its page', async (path, query, expected) => {
    const page = await open(path)
    await page.locator('.DocSearch-Button').click()
    await page.locator('.search-input').fill(query)
    const results = page.locator('.results a.result')
    await results.first().waitFor()
    const hrefs = await results.evaluateAll(links => links.map(a => new URL((a as HTMLAnchorElement).href).pathname))
    expect(hrefs.some(href => href === expected || href.startsWith(`${expected}#`) || href === `${expected}.html`)).toBe(true)
    await page.close()
  })

  async function scriptsOf(path: string): Promise<LoadedScript[]> {
    const { page, scripts } = await openWithScripts(browser, site.url + path)
    const loaded = await scripts()
    await page.close()
    return loaded
  }

  it.each(['/', '/zh/'])('keeps the home page %s within its JavaScript budget, with no editor or WebContainer code', async path => {
    const scripts = await scriptsOf(path)
    const total = scripts.reduce((sum, s) => sum + s.bytes, 0)
    expect(scripts.length).toBeGreaterThan(0)
    expect(total, scripts.map(s => `${s.url} ${s.bytes}`).join('\n')).toBeLessThanOrEqual(HOME_JS_BUDGET)
    expect(editorCode(scripts)).toEqual([])
  })

  it('shows a 404 page in each language', async () => {
    const en = await open('/no/such/page')
    await expect(en.locator('.NotFound .title').textContent()).resolves.toMatch(/PAGE NOT FOUND/i)
    const zh = await open('/zh/no/such/page')
    await expect(zh.locator('.NotFound .title').textContent()).resolves.toBe('页面未找到')
    // One 404.html serves both languages; the page sets its language once it runs.
    await expect.poll(() => zh.getAttribute('html', 'lang')).toBe('zh-CN')
    expect(await en.getAttribute('html', 'lang')).toBe('en-US')
    await Promise.all([en.close(), zh.close()])
  })

  it('has an edit link and a last-updated date, translated', async () => {
    const en = await open('/guide/channels')
    await expect(en.locator('.edit-link-button').textContent()).resolves.toContain('Edit this page')
    await expect(en.locator('.VPLastUpdated').textContent()).resolves.toMatch(/Last updated/)
    const zh = await open('/zh/guide/channels')
    await expect(zh.locator('.edit-link-button').textContent()).resolves.toContain('在 GitHub 上编辑此页')
    await expect(zh.locator('.VPLastUpdated').textContent()).resolves.toMatch(/最后更新于/)
    await expect(zh.locator('.VPDocFooter .pager-link.prev .desc').textContent()).resolves.toBe('上一页')
    await Promise.all([en.close(), zh.close()])
  })

  it('publishes a sitemap that pairs each page with its other language', () => {
    const sitemap = readFileSync(join(dist, 'sitemap.xml'), 'utf8')
    const urls = sitemap.match(/<url>[\s\S]*?<\/url>/g) ?? []
    expect(urls.length).toBeGreaterThan(20)
    for (const url of urls) {
      expect(url).toMatch(/hreflang="en-US" href="[^"]*"/)
      expect(url).toMatch(/hreflang="zh-CN" href="[^"]*\/zh\//)
      expect(url).toMatch(/hreflang="x-default"/)
    }
  })
})
