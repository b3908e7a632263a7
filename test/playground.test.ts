import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../playground/server/local-runtime-server.js'
import { decodeState } from '../playground/src/share.js'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'
import { serveStatic } from './static-server.js'
import { listExamples } from '../packages/comm/test/helpers.js'

/** How long one example may take from Run to its last expected line. */
const RUN_LIMIT = 45_000

describe('the playground, in headless Chromium, with the local runtime', () => {
  let site: { url: string; close(): Promise<void> }
  let runtime: LocalRuntimeServer
  let browser: BrowserContext

  beforeAll(async () => {
    runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
    site = await serveStatic(join(root, '.vitepress/dist'), (request, response) => runtime.handle(request, response))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    runtime?.close()
    await site?.close()
  })

  async function openPlayground(query: string, path = '/playground'): Promise<Page> {
    const page = await browser.newPage()
    await page.goto(`${site.url}${path}${query}`)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 60_000 }).toMatch(/Ready|准备就绪/)
    return page
  }

  const logLines = (page: Page): Promise<Array<{ process: string; text: string }>> =>
    page.getByRole('log').locator('.line').evaluateAll(lines => lines.map(line => ({
      process: line.querySelector('.process')!.textContent!,
      text: line.querySelector('.text')!.textContent!,
    })))

  /** `[name] text` is a line of child `name`; anything else is main's. */
  const asLine = (expected: string): { process: string; text: string } => {
    const match = /^\[([^\]]+)\] (.*)$/.exec(expected)
    return match ? { process: match[1]!, text: match[2]! } : { process: 'main', text: expected }
  }

  async function runAndWait(page: Page, expected: string[]): Promise<void> {
    await page.getByRole('button', { name: /^(Run|运行)$/ }).click()
    await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining(expected.map(asLine)))
  }

  async function typeAtEnd(page: Page, text: string): Promise<void> {
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+End')
    await page.keyboard.press('End')
    await page.keyboard.type(text)
  }

  it('is cross-origin isolated, and no other page is', async () => {
    const playground = await openPlayground('?runtime=local')
    expect(await playground.evaluate(() => crossOriginIsolated)).toBe(true)
    const guide = await browser.newPage()
    await guide.goto(`${site.url}/guide/channels`)
    expect(await guide.evaluate(() => crossOriginIsolated)).toBe(false)
    await Promise.all([playground.close(), guide.close()])
  })

  it.each(listExamples().map(e => [e.name, e.meta.expect] as const))('runs the %s example: lines from main and from the child', async (name, expected) => {
    const page = await openPlayground(`?runtime=local&example=${name}`)
    const started = Date.now()
    await runAndWait(page, expected)
    if (name === 'channels') {
      // Run to the first line of a child, for the benchmark results.
      const lines = await logLines(page)
      expect(lines.some(l => l.process === 'nonebot')).toBe(true)
      recordTiming('channels: Run to last expected line', Date.now() - started)
    }
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/Exited with code 0/)
    await page.close()
  })

  it('measures the time from Run to the first output of a child', async () => {
    const page = await openPlayground('?runtime=local&example=passive-mode')
    const started = Date.now()
    await page.getByRole('button', { name: 'Run' }).click()
    await page.locator('.console .line:not([data-process="main"])').first().waitFor({ timeout: RUN_LIMIT })
    const ms = Date.now() - started
    recordTiming('Run to first child output (local runtime)', ms)
    expect(ms).toBeGreaterThan(0)
    await page.close()
  })

  it('runs edited code, and a share link brings the edit back', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await typeAtEnd(page, "\nconsole.log('edited in the playground')")
    await runAndWait(page, ['edited in the playground', '5² = 25'])
    await expect.poll(() => page.url()).toContain('#code=')
    expect(decodeState(new URL(page.url()).hash)?.files['main.ts']).toContain("console.log('edited in the playground')")

    const shared = await openPlayground(new URL(page.url()).search + new URL(page.url()).hash)
    await runAndWait(shared, ['edited in the playground'])
    await shared.getByRole('button', { name: 'Reset' }).click()
    await expect.poll(() => new URL(shared.url()).hash).toBe('')
    await shared.getByRole('button', { name: 'Run' }).click()
    await expect.poll(() => shared.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/Exited with code 0/)
    expect((await logLines(shared)).some(l => l.text === 'edited in the playground')).toBe(false)
    await Promise.all([page.close(), shared.close()])
  })

  it('shows a type error for a wrong call into the library', async () => {
    const page = await openPlayground('?runtime=local&example=active-mode')
    await page.locator('.monaco-editor .view-lines').waitFor()
    expect(await page.locator('.monaco-editor .squiggly-error').count()).toBe(0)
    await typeAtEnd(page, '\ngetChannel(42)')
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 })
    await page.close()
  })

  it('stops the processes with Stop', async () => {
    const page = await openPlayground('?runtime=local&example=channels')
    await page.getByRole('button', { name: 'Run' }).click()
    await page.locator('.console .line[data-process="nonebot"]').first().waitFor({ timeout: RUN_LIMIT })
    const [run] = runtime.runs()
    expect(run).toBeDefined()
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(/Stopped|Exited/)
    expect(runtime.runs()).toEqual([])
    // Main led a process group; nothing of it, children included, is left.
    await expect.poll(() => groupAlive(run!.pid), { timeout: 10_000 }).toBe(false)
    await page.close()
  })

  it('speaks Chinese on /zh/playground', async () => {
    const page = await openPlayground('?runtime=local&example=channels', '/zh/playground')
    for (const name of ['运行', '停止', '重置']) await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1)
    await page.close()
  })
})

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  } catch {
    return false
  }
}

function recordTiming(what: string, ms: number): void {
  const dir = join(root, 'test-results')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'playground-timing.json')
  let data: Record<string, number> = {}
  try { data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number> } catch { /* first */ }
  data[what] = ms
  writeFileSync(file, JSON.stringify(data, null, 2))
}
