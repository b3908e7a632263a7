import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
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

/**
 * The built site served on localhost and a browser, for the tests of the
 * enclosing describe: set before its tests, closed after them.
 */
export function builtSite(): { url: string; browser: BrowserContext } {
  const state = {} as { url: string; browser: BrowserContext; close?: () => Promise<void> }
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
