import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pages, read } from './docs-pages.js'
import { builtSite } from './site-pages.js'

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
/** Narrower than this, a column shows no more than a letter or two per line. */
const MIN_COLUMN = 40

/** Pages with a table, written in Markdown or drawn by a component, both languages. */
const tablePaths = (['en', 'zh'] as const).flatMap(lang =>
  pages(lang)
    .filter(page => /^\|.*\|\s*$/m.test(read(lang, page)) || /<\w*Table\b/.test(read(lang, page)))
    .map(page => `${lang === 'zh' ? '/zh' : ''}/${page.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '')}`),
)

interface Measured {
  page: { scrollWidth: number; width: number }
  tables: Array<{ head: string; left: number; right: number; clientWidth: number; scrollWidth: number; overflowX: string; columns: number[] }>
}

async function measure(page: Page): Promise<Measured> {
  return page.evaluate(() => ({
    page: { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth },
    tables: [...document.querySelectorAll<HTMLTableElement>('.vp-doc table')].map(table => {
      const box = table.getBoundingClientRect()
      const firstRow = table.rows[0]
      return {
        head: [...(firstRow?.cells ?? [])]
          .map(cell => cell.textContent?.trim())
          .join(' | ')
          .slice(0, 60),
        left: box.left,
        right: box.right,
        clientWidth: table.clientWidth,
        scrollWidth: table.scrollWidth,
        overflowX: getComputedStyle(table).overflowX,
        columns: [...(firstRow?.cells ?? [])].map(cell => cell.getBoundingClientRect().width),
      }
    }),
  }))
}

/** What is wrong with the tables of a page at one width: a column out of view, too narrow, or the page scrolling sideways. */
function problems({ page, tables }: Measured, mayScroll: boolean): string[] {
  const found: string[] = []
  if (page.scrollWidth > page.width + 1) found.push(`the page scrolls sideways: ${page.scrollWidth}px in ${page.width}px`)
  for (const table of tables) {
    const name = `table "${table.head}"`
    if (table.left < -1 || table.right > page.width + 1) found.push(`${name} reaches outside the window`)
    const overflow = table.scrollWidth - table.clientWidth
    if (overflow > 1 && !mayScroll) found.push(`${name} hides ${overflow}px of its columns`)
    if (overflow > 1 && !['auto', 'scroll'].includes(table.overflowX)) found.push(`${name} cuts ${overflow}px off`)
    const narrow = table.columns.filter(width => width < MIN_COLUMN)
    if (narrow.length) found.push(`${name} has ${narrow.length} column(s) narrower than ${MIN_COLUMN}px`)
  }
  return found
}

describe('wide tables wrap on a desktop and scroll in their own box on a phone, hiding no column', () => {
  const site = builtSite()

  it('finds the wide tables', () => {
    expect(tablePaths).toEqual(expect.arrayContaining(['/guide/migration', '/zh/guide/migration', '/guide/comparison', '/zh/guide/comparison']))
  })

  // One load per page, measured at a desktop's width and then at a phone's, as a reader who narrows the window sees it.
  it.concurrent.each(tablePaths)('%s', async path => {
    const page = await site.open(path, { viewport: DESKTOP })
    for (const [viewport, mayScroll] of [
      [DESKTOP, false],
      [PHONE, true],
    ] as const) {
      await page.setViewportSize(viewport)
      // The layout follows the new width two frames later.
      await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve))))
      const measured = await measure(page)
      expect(measured.page.width, `${viewport.width}px`).toBe(viewport.width)
      expect(measured.tables.length, `${viewport.width}px`).toBeGreaterThan(0)
      expect(problems(measured, mayScroll), `${viewport.width}px`).toEqual([])
    }
    await page.close()
  })

  it('would see a column pushed out of view', async () => {
    const page = await site.open('/guide/migration', { viewport: DESKTOP })
    await page.addStyleTag({ content: '.vp-doc td, .vp-doc th { white-space: nowrap }' })
    const found = problems(await measure(page), false)
    await page.close()
    expect(found.join('\n')).toMatch(/hides \d+px of its columns/)
  })
})
