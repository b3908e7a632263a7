import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Headless, and nothing that reaches the network on its own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/**
 * Debian's Chromium, headless, in a fresh profile. Requests that would leave
 * this machine are refused, as they would be offline: a WebContainer boot
 * then fails the way it does for a reader without network.
 */
export async function launchChromium(): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'liteyuki-comm-chromium-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  })
  await context.route(
    url => !['127.0.0.1', 'localhost'].includes(url.hostname),
    route => route.abort('internetdisconnected'),
  )
  return context
}
