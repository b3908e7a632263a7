import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { builtSite, sitePaths } from './site-pages.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

interface Violation {
  id: string
  impact: string | null
  help: string
  nodes: Array<{ target: unknown[] }>
}

describe('every page of the built site passes axe-core, in light and dark mode', () => {
  const site = builtSite()

  /** Serious and critical violations on the page as it is now, one line each. */
  async function audit(page: Page): Promise<string[]> {
    // The page's diagrams draw after it loads, and again in the other scheme: audit them drawn.
    await page.waitForFunction(() => [...document.querySelectorAll('.diagram')].every(diagram => diagram.querySelector('svg')))
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: Violation[] }> } }).axe
      // The playground's Monaco editor colours its tokens with the editor's own theme, which the playground sets, not the site's.
      return (await axe.run({ exclude: [['.monaco-editor']] }, { resultTypes: ['violations'] })).violations
    })) as Violation[]
    return violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(
        v =>
          `${v.id} (${v.impact}): ${v.help}: ${v.nodes
            .slice(0, 5)
            .map(n => JSON.stringify(n.target))
            .join(', ')}`,
      )
  }

  /** Turns the reader's system to dark, as the site follows it: the page turns dark and draws its diagrams anew. */
  async function turnDark(page: Page): Promise<void> {
    const drawn = await page.locator('.diagram svg').evaluateAll(svgs => svgs.map(svg => svg.id))
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForFunction(
      drawn => document.documentElement.classList.contains('dark') && [...document.querySelectorAll('.diagram svg')].every(svg => !drawn.includes(svg.id)),
      drawn,
    )
    await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  }

  const paths = sitePaths()

  it('audits every page', () => {
    expect(paths.length).toBeGreaterThan(40)
  })

  // Each page in a tab of its own, several at a time: the pages wait on the network and on drawing more than on the CPU.
  it.concurrent.each(paths)('%s', async path => {
    const page = await site.open(path, { colorScheme: 'light' })
    expect(await audit(page), 'light').toEqual([])
    await turnDark(page)
    expect(await audit(page), 'dark').toEqual([])
    await page.close()
  })

  it('finds a violation when there is one', async () => {
    const page = await site.open('/guide/introduction')
    await page.evaluate(() => {
      document.querySelector('.vp-doc p')!.setAttribute('style', 'color: #ddd; background: #fff')
    })
    await page.addScriptTag({ path: AXE })
    const ids = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Violation[] }> } }).axe
      return (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id)
    })
    expect(ids).toContain('color-contrast')
    await page.close()
  })
})
