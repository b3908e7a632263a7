import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './browser.js'
import { pages, root } from './docs-pages.js'
import { serveStatic } from './static-server.js'

/** The address of every page of the built site, both languages. */
export function sitePaths(): string[] {
  return (['en', 'zh'] as const).flatMap(lang =>
    pages(lang).map(page => `${lang === 'zh' ? '/zh' : ''}/${page.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '')}`),
  )
}

export interface PageOptions {
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  /** Collects what the page reports as an error from its first script on: uncaught errors and console errors. */
  errors?: string[]
}

/**
 * Opens a page of the site the way a reader finally sees it: loaded, hydrated
 * by Vue (the theme's buttons get their names and titles then), and in its fonts.
 * On a busy machine the network goes idle well before the scripts have run.
 */
export async function openHydrated(browser: BrowserContext, url: string, options: PageOptions = {}): Promise<Page> {
  const page = await browser.newPage()
  if (options.viewport) await page.setViewportSize(options.viewport)
  if (options.colorScheme) await page.emulateMedia({ colorScheme: options.colorScheme })
  const errors = options.errors ?? []
  page.on('pageerror', error => errors.push(error.message))
  page.on('console', message => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  const hydrated = page.waitForFunction(
    () => {
      // Vue marks the element it mounted on.
      const app = document.querySelector('#app')
      const appearance = document.querySelector('.VPSwitchAppearance')
      return app !== null && '__vue_app__' in app && (appearance === null || appearance.getAttribute('title') !== '')
    },
    undefined,
    { timeout: 120_000 },
  )
  // A page that never hydrates says why, if it logged it.
  await hydrated.catch((error: Error) => {
    throw new Error(`${url} did not hydrate: ${error.message}\nErrors on the page:\n${errors.join('\n') || 'none'}`)
  })
  // What Vue changes after mounting is on screen two frames later.
  await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  await page.evaluate(() => document.fonts.ready)
  return page
}

export interface LoadedScript {
  url: string
  bytes: number
  text: string
}

/**
 * Opens a page, once the network is idle, and collects the scripts it loads
 * from its start until it closes: `scripts()` gives those so far, with their
 * bytes and text. The caller closes the page.
 */
export async function openWithScripts(
  browser: BrowserContext,
  url: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; scripts(): Promise<LoadedScript[]> }> {
  const page = await browser.newPage()
  await page.emulateMedia({ colorScheme })
  const reading: Array<Promise<LoadedScript>> = []
  page.on('response', response => {
    if (response.request().resourceType() !== 'script') return
    reading.push(
      response.body().then(
        body => ({ url: response.url(), bytes: body.length, text: body.toString('utf8') }),
        // Its body was still on the way when the page closed.
        () => ({ url: response.url(), bytes: 0, text: '' }),
      ),
    )
  })
  await page.goto(url, { waitUntil: 'networkidle' })
  return { page, scripts: () => Promise.all(reading) }
}

/** The scripts of the editor or of WebContainers among those a page loaded, by address. */
export const editorCode = (scripts: LoadedScript[]): string[] =>
  scripts.filter(s => /monaco|webcontainer/i.test(s.url) || /monaco-editor|@webcontainer\/api|WebContainer\.boot/.test(s.text)).map(s => s.url)

/** Mermaid's scripts among those a page loaded, by address. */
export const mermaidCode = (scripts: LoadedScript[]): string[] => scripts.filter(s => /mermaid/i.test(s.url)).map(s => s.url)

/**
 * The built site served on localhost and a browser, for the tests of the
 * enclosing describe: set before its tests, closed after them.
 */
export function builtSite(): { url: string; browser: BrowserContext; open(path: string, options?: PageOptions): Promise<Page> } {
  const state = {
    open: (path: string, options?: PageOptions) => openHydrated(state.browser, state.url + path, options),
  } as { url: string; browser: BrowserContext; close?: () => Promise<void>; open(path: string, options?: PageOptions): Promise<Page> }
  beforeAll(async () => {
    const site = await serveStatic(join(root, '.vitepress/dist'))
    state.url = site.url
    state.close = site.close
    state.browser = await launchChromium()
  })
  afterAll(async () => {
    await state.browser?.close()
    await state.close?.()
  })
  return state
}
