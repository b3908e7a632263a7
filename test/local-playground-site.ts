import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { serveStatic } from './static-server.js'

export interface LocalPlaygroundSite {
  /** The built site's address. */
  readonly url: string
  readonly runtime: LocalRuntimeServer
  readonly browser: BrowserContext
}

/**
 * For the enclosing describe: the built site served with the local runtime
 * beside it, and a fresh Chromium; all closed again afterwards.
 */
export function useLocalPlaygroundSite(): LocalPlaygroundSite {
  let site: { url: string; close(): Promise<void> } | undefined
  let runtime: LocalRuntimeServer | undefined
  let browser: BrowserContext | undefined
  beforeAll(async () => {
    runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    site = await serveStatic(join(root, '.vitepress/dist'), (request, response) => runtime!.handle(request, response))
    browser = await launchChromium()
    // The site builds in the background meanwhile; on a loaded machine that takes minutes.
  }, 1_200_000)
  afterAll(async () => {
    await browser?.close()
    runtime?.close()
    await site?.close()
  })
  return {
    get url() {
      return site!.url
    },
    get runtime() {
      return runtime!
    },
    get browser() {
      return browser!
    },
  }
}
