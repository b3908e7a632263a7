import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pages, read } from './docs-pages.js'
import { builtSite } from './site-pages.js'

/** Pages that show a diagram, both languages. */
const diagramPaths = (['en', 'zh'] as const).flatMap(lang =>
  pages(lang)
    .filter(page => /<Diagram\b/.test(read(lang, page)))
    .map(page => `${lang === 'zh' ? '/zh' : ''}/${page.replace(/\.md$/, '')}`),
)

/**
 * Every label of every drawn diagram on the page whose text reaches outside
 * its label box (which clips it) or its node's shape, one line each, with the
 * overflow in pixels. The text box is that of the text itself (a range over
 * its glyphs), not of the element that holds it.
 */
async function overflowingLabels(page: Page): Promise<{ labels: number; problems: string[] }> {
  return page.evaluate(() => {
    const problems: string[] = []
    let labels = 0
    const SLACK = 0.5
    const outside = (inner: DOMRect, outer: DOMRect): number =>
      Math.max(outer.left - inner.left, outer.top - inner.top, inner.right - outer.right, inner.bottom - outer.bottom)
    const textBox = (element: Element): DOMRect | undefined => {
      const range = document.createRange()
      range.selectNodeContents(element)
      const rects = [...range.getClientRects()].filter(rect => rect.width > 0 && rect.height > 0)
      if (!rects.length) return undefined
      const left = Math.min(...rects.map(r => r.left))
      const top = Math.min(...rects.map(r => r.top))
      return new DOMRect(left, top, Math.max(...rects.map(r => r.right)) - left, Math.max(...rects.map(r => r.bottom)) - top)
    }
    const check = (what: string, text: DOMRect, box: DOMRect): void => {
      const by = outside(text, box)
      if (by > SLACK) problems.push(`${what}: text outside ${Math.round(by * 10) / 10}px`)
    }
    for (const svg of document.querySelectorAll('.diagram svg')) {
      for (const group of svg.querySelectorAll('g.node, g.cluster, g.edgeLabel')) {
        const label = group.querySelector('foreignObject, text')
        if (!label) continue
        const text = textBox(label)
        if (!text) continue
        labels++
        const name = `${group.getAttribute('class')?.split(' ')[0]} "${label.textContent?.trim()}"`
        check(`${name} in its label box`, text, label.getBoundingClientRect())
        const shape =
          group.querySelector(':scope > .label-container, :scope > rect, :scope > polygon, :scope > path, :scope > circle, :scope > ellipse') ??
          group.querySelector(':scope > g > path, :scope > g > rect')
        if (shape && !group.classList.contains('edgeLabel')) check(`${name} in its node`, text, shape.getBoundingClientRect())
      }
    }
    return { labels, problems }
  })
}

describe('diagram labels fit their boxes, in both languages and colour schemes', () => {
  const site = builtSite()

  it('finds the pages with a diagram in both languages', () => {
    expect(diagramPaths.filter(path => path.startsWith('/zh/')).length).toBeGreaterThanOrEqual(2)
    expect(diagramPaths.length).toBeGreaterThanOrEqual(4)
  })

  async function open(path: string, colorScheme: 'light' | 'dark'): Promise<Page> {
    const page = await site.open(path, { viewport: { width: 1280, height: 800 }, colorScheme })
    await page.locator('.diagram svg').first().waitFor()
    // The labels are measured as drawn, in the font the page uses.
    await page.evaluate(() => document.fonts.ready)
    return page
  }

  it.each(diagramPaths.flatMap(path => (['light', 'dark'] as const).map(scheme => [path, scheme] as const)))('%s (%s)', async (path, scheme) => {
    const page = await open(path, scheme)
    const { labels, problems } = await overflowingLabels(page)
    await page.close()
    expect(labels).toBeGreaterThan(5)
    expect(problems).toEqual([])
  })

  it('would see a label whose text is taller than its box', async () => {
    const page = await open(diagramPaths[0]!, 'light')
    await page.addStyleTag({ content: '.diagram foreignObject * { line-height: 3 !important }' })
    const { problems } = await overflowingLabels(page)
    await page.close()
    expect(problems.length).toBeGreaterThan(0)
  })
})
