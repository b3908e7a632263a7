import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { builtSite, mermaidCode, openWithScripts, sitePaths } from './site-pages.js'

describe("finding one's way in the built site, in headless Chromium", () => {
  const site = builtSite()

  /** A page wide enough for the sidebar, the outline and the language menu. */
  const open = (path: string): Promise<Page> => site.open(path, { viewport: { width: 1440, height: 900 } })

  const headingIds = (page: Page): Promise<string[]> => page.locator('.vp-doc :is(h2, h3, h4)').evaluateAll(hs => hs.map(h => h.id))

  it.each(['', '/zh'])('%s: the sidebar lists every page of the API reference', async prefix => {
    const page = await open(`${prefix}/api/`)
    const links = await page.locator('.VPSidebar a').evaluateAll(as => as.map(a => new URL((a as HTMLAnchorElement).href).pathname))
    for (const slug of ['bot', 'channels', 'shared-memory', 'transports', 'cluster', 'errors', 'types']) expect(links).toContain(`${prefix}/api/${slug}`)
    await page.close()
  })

  it.each(['', '/zh'])('%s: the outline of an API page lists every entry, methods included', async prefix => {
    const page = await open(`${prefix}/api/bot`)
    const outline = await page.locator('.VPDocAsideOutline a').evaluateAll(as => as.map(a => new URL((a as HTMLAnchorElement).href).hash))
    const ids = await headingIds(page)
    expect(ids.length).toBeGreaterThan(20)
    expect(outline).toEqual(ids.map(id => `#${id}`))
    expect(outline).toContain('#bot-addprocess')
    await page.close()
  })

  // A page and its twin in a tab each, several pages at a time: they wait on loading more than on the CPU.
  const englishPaths = sitePaths().filter(path => !path.startsWith('/zh') && path !== '/playground')
  it.concurrent.each(englishPaths)('gives the headings of %s the same ids in both languages', async path => {
    const en = await open(path)
    const zh = await open(`/zh${path}`)
    expect(await headingIds(zh), path).toEqual(await headingIds(en))
    await Promise.all([en.close(), zh.close()])
  })

  /** Where a heading is, from the top of the viewport. */
  const topOf = (page: Page, id: string): Promise<number> => page.evaluate(i => document.getElementById(i)!.getBoundingClientRect().top, id)

  it.each([
    ['/guide/channels', '简体中文', '/zh/guide/channels', 'passive-mode'],
    ['/zh/guide/channels', 'English', '/guide/channels', 'several-holders-a-work-queue'],
    ['/api/channels', '简体中文', '/zh/api/channels', 'channel-receive'],
  ])('switching language on %s lands on the same section', async (from, label, to, id) => {
    const page = await open(from)
    // The reader scrolled there: the address has no anchor.
    await page.evaluate(i => {
      window.scrollTo(0, document.getElementById(i)!.getBoundingClientRect().top + window.scrollY - 140)
    }, id)
    await expect.poll(() => topOf(page, id)).toBeLessThan(150)
    await page.locator('.VPNavBarTranslations').hover()
    await page.locator('.VPNavBarTranslations a', { hasText: label }).click()
    await page.waitForURL(url => url.pathname === to && url.hash === `#${id}`)
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe(to.startsWith('/zh') ? 'zh-CN' : 'en-US')
    // The heading is at the top of the page, under the nav bar.
    await expect
      .poll(async () => {
        const top = await topOf(page, id)
        return top > 0 && top < 200
      })
      .toBe(true)
    await page.close()
  })

  it('switching language at the top of a page stays at the top', async () => {
    const page = await open('/guide/channels')
    await page.locator('.VPNavBarTranslations').hover()
    await page.locator('.VPNavBarTranslations a', { hasText: '简体中文' }).click()
    await page.waitForURL(url => url.pathname === '/zh/guide/channels')
    expect(new URL(page.url()).hash).toBe('')
    await page.close()
  })

  it.each(['/', '/zh/'])('gives the home page %s one main landmark, around the hero and the content', async path => {
    const page = await open(path)
    expect(await page.locator('main').count()).toBe(1)
    expect(await page.locator('main .VPHero').count()).toBe(1)
    await page.close()
  })

  it('has the repository in the nav', async () => {
    const page = await open('/')
    const href = await page.locator('.VPNavBar .VPSocialLink[href*="github.com"]').first().getAttribute('href')
    expect(href).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w-]+$/)
    await page.close()
  })

  it.each([
    ['/guide/introduction', 'light', 'the hub'],
    ['/zh/guide/introduction', 'dark', '中枢'],
    ['/guide/cluster', 'dark', 'broadcast stream'],
    ['/zh/guide/cluster', 'light', '广播流'],
  ] as const)('draws the diagram on %s (%s)', async (path, scheme, label) => {
    const { page, scripts } = await openWithScripts(site.browser, site.url + path, scheme)
    const svg = page.locator('.diagram svg')
    // The diagram draws once the page is mounted, which on a busy machine may come after the network went idle.
    await svg.waitFor()
    expect(mermaidCode(await scripts()).length).toBeGreaterThan(0)
    // Its labels are in the page's language.
    expect(await svg.textContent()).toContain(label)
    await page.close()
  })
})
