import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'

/** How long one example may take from Run to its last expected line. */
export const RUN_LIMIT = 45_000

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/** A fresh page at the playground, once it says Ready. */
export async function openPlayground(browser: BrowserContext, url: string, viewport = DESKTOP): Promise<Page> {
  const page = await browser.newPage()
  await page.setViewportSize(viewport)
  // Bounds for hangs: a dev server's first page, on a loaded machine, takes minutes to build.
  await page.goto(url, { timeout: 300_000 })
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: 300_000 }).toMatch(/Ready|准备就绪/)
  return page
}

export interface Line {
  process: string
  text: string
  stream?: string
}

/** The output as the transcript gives it to assistive technology: a line per row, with its process. */
export const logLines = (page: Page): Promise<Line[]> =>
  page
    .getByRole('log')
    .locator('.line')
    .evaluateAll(lines =>
      lines.map(line => ({
        process: line.querySelector('.process')!.textContent!,
        text: line.querySelector('.text')!.textContent!,
        ...(line.getAttribute('data-stream') === 'stderr' ? { stream: 'stderr' } : {}),
      })),
    )

/** The rows the terminal shows on screen, as text. */
export const terminalRows = (page: Page): Promise<string[]> =>
  page
    .locator('.xterm-rows > div')
    .allTextContents()
    .then(rows => rows.map(row => row.replace(/\u00A0/g, ' ').trimEnd()).filter(Boolean))

/** `[name] text` is a line of child `name`; anything else is main's. */
export function asLine(expected: string): Line {
  const match = /^\[([^\]]+)\] (.*)$/.exec(expected)
  return match ? { process: match[1]!, text: match[2]! } : { process: 'main', text: expected }
}

export const runButton = (page: Page) => page.getByRole('button', { name: /^(Run|运行)$/ })

export async function runAndWait(page: Page, expected: string[]): Promise<void> {
  await runButton(page).click()
  await expect.poll(() => logLines(page), { timeout: RUN_LIMIT }).toEqual(expect.arrayContaining(expected.map(asLine)))
}

export async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('Control+End')
  await page.keyboard.press('End')
  await page.keyboard.type(text)
}

export async function waitForExit(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/Exited with code 0|已退出，退出码 0/)
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> }
      }
    ).axe
    // The theme's search button (name "Search", text "Search Ctrl K") is the docs', not the playground's.
    const { violations } = await axe.run({ exclude: ['.DocSearch'] }, { resultTypes: ['violations'] })
    return violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({ id: v.id, nodes: v.nodes.map(n => n.target.join(' ')) }))
  })
}
