import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { startDevServer, type DevServer } from './dev-server.js'
import { root } from './docs-pages.js'
import { logLines, runButton, waitForExit } from './playground-page.js'

/** Replaces each file under `dir` with itself, through a rename, and adds and removes one more. */
function rebuildInPlace(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    writeFileSync(`${file}.next`, readFileSync(file))
    renameSync(`${file}.next`, file)
  }
  const extra = join(dir, 'esm', `rebuild-probe-${process.pid}.js`)
  writeFileSync(extra, 'export {}\n')
  rmSync(extra)
}

/** How many times the page's document has been loaded in this tab: a reload counts again. */
const documentLoads = (page: Page): Promise<number> => page.evaluate(() => Number(sessionStorage.getItem('documentLoads')))
const RELOAD_LINE = /page reload|reloading/i

describe('npm run dev on a fresh clone: the first visit of the playground, and rebuilds of the package while it is open', () => {
  let dev: DevServer
  let url: string
  let browser: BrowserContext
  const cache = mkdtempSync(join(tmpdir(), 'liteyuki-comm-vite-cache-'))

  beforeAll(async () => {
    // An empty cache, as a fresh clone has: Vite has optimized no dependency yet.
    dev = await startDevServer({ env: { VITEPRESS_CACHE_DIR: cache } })
    url = dev.url
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    dev?.stop()
    rmSync(cache, { recursive: true, force: true })
  })

  let page: Page

  it("opens the playground once, with no reload, says Ready, and its first Run prints a child's line", { timeout: 400_000 }, async () => {
    page = await browser.newPage()
    await page.addInitScript(() => sessionStorage.setItem('documentLoads', String(Number(sessionStorage.getItem('documentLoads')) + 1)))
    await page.goto(`${url}/playground?example=channels`, { timeout: 300_000 })
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000 }).toMatch(/Ready/)
    expect(await documentLoads(page)).toBe(1)
    expect(dev.output()).not.toMatch(RELOAD_LINE)
    await runButton(page).click()
    await expect.poll(() => logLines(page), { timeout: 60_000 }).toEqual(expect.arrayContaining([expect.objectContaining({ process: 'nonebot' })]))
    await waitForExit(page)
    expect(await documentLoads(page)).toBe(1)
  })

  it('keeps the open playground as it was while the package and the site are rebuilt, and runs again', { timeout: 300_000 }, async () => {
    await page.evaluate(() => {
      ;(window as unknown as { sameDocument: boolean }).sameDocument = true
    })
    const before = await logLines(page)
    expect(before.length).toBeGreaterThan(0)
    // What a rebuild of the package looks like to the dev server's watcher: every file of the build
    // replaced (atomically, so that tests running beside this one never read half a file), one added
    // and removed; and a page of the built site written, as `npm run docs:build` writes them.
    rebuildInPlace(join(root, 'packages/comm/dist'))
    const probe = join(root, '.vitepress/dist', `rebuild-probe-${process.pid}.html`)
    writeFileSync(probe, '<!doctype html><title>probe</title>\n')
    rmSync(probe)
    // The page still shows the run's output, and a Run started after the rebuild runs to its end in the same document.
    expect(await logLines(page)).toEqual(before)
    await runButton(page).click()
    // Waits for the child's line, or for the sign that the document was replaced: either ends the wait, and the first is the one expected.
    const sameDocument = (): Promise<boolean> => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true)
    const childLine = async (): Promise<boolean> => (await logLines(page)).some(line => line.process === 'nonebot')
    await expect.poll(async () => !(await sameDocument()) || (await childLine()), { timeout: 120_000 }).toBe(true)
    expect(await sameDocument(), dev.output().slice(-2_000)).toBe(true)
    await waitForExit(page)
    expect(await documentLoads(page)).toBe(1)
    expect(dev.output()).not.toMatch(RELOAD_LINE)
    await page.close()
  })
})
