import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { pages, root } from './docs-pages.js'
import { siteBuilt } from './site-build.js'

/** The links of one part of a built page, found by the class that opens it. */
function builtLinks(path: string, opening: RegExp, closing: string): string[] {
  const html = readFileSync(join(root, '.vitepress/dist', `${path}.html`), 'utf8')
  const start = html.search(opening)
  expect(start, `${opening} in ${path}`).toBeGreaterThan(-1)
  const part = html.slice(start, html.indexOf(closing, start))
  return [...part.matchAll(/href="([^"#]*)"/g)].map(match => match[1]!)
}

describe("every page is in its language's sidebar, and the recipes in the nav", () => {
  // The build has its own hang bound; a loaded machine builds in minutes.
  beforeAll(siteBuilt)

  it.each([
    ['en', ''],
    ['zh', '/zh'],
  ] as const)('%s', (lang, prefix) => {
    const built = `${prefix}/guide/introduction`
    const sidebar = builtLinks(built, /<aside class="VPSidebar/, '</aside>').map(link => link.replace(/\/$/, '/index'))
    const expected = pages(lang)
      .filter(page => page !== 'index.md')
      .map(page => `${prefix}/${page.replace(/\.md$/, '')}`)
    expect(expected.length).toBeGreaterThan(20)
    expect(expected.filter(page => !sidebar.includes(page))).toEqual([])
    expect(builtLinks(built, /class="VPNavBarMenu menu"/, '</nav>')).toContain(`${prefix}/recipes/`)
  })
})
