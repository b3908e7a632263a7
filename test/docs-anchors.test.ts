import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { headings, pages, read, root } from './docs-pages.js'

/** The explicit `{#id}` of each h2-h4 of a page, in order; `null` for a heading without one. */
function anchors(markdown: string): Array<string | null> {
  return headings(markdown)
    .filter(h => /^#{2,4} /.test(h))
    .map(h => h.match(/\{#([\w-]+)\}\s*$/)?.[1] ?? null)
}

/** The page a link's path names, as a path relative to its language's root. */
function pageOf(path: string, from: string): string {
  if (path === '') return from
  const bare = path.replace(/^\/zh\//, '/').replace(/^\//, '')
  return bare === '' ? 'index.md' : bare.endsWith('/') ? `${bare}index.md` : `${bare}.md`
}

describe('every heading has the same explicit anchor in both languages', () => {
  const en = pages('en')

  it.each(en)('%s: each h2-h4 has an explicit anchor, unique on the page', page => {
    for (const lang of ['en', 'zh'] as const) {
      const ids = anchors(read(lang, page))
      expect(
        ids.filter(id => id === null),
        `${lang} ${page}`,
      ).toEqual([])
      expect(new Set(ids).size, `${lang} ${page}`).toBe(ids.length)
    }
  })

  it.each(en)('%s: each English anchor is on the Chinese page, and the reverse', page => {
    const enIds = anchors(read('en', page))
    const zhIds = anchors(read('zh', page))
    expect(enIds.filter(id => !zhIds.includes(id))).toEqual([])
    expect(zhIds.filter(id => !enIds.includes(id))).toEqual([])
  })

  it.each(['en', 'zh'] as const)('%s: every link to a section names an anchor that exists', lang => {
    const ids = new Map(en.map(page => [page, new Set(anchors(read(lang, page)))]))
    const broken: string[] = []
    for (const page of en) {
      for (const [, path, hash] of read(lang, page).matchAll(/\]\((\/[^)#\s]*|)#([^)\s]+)\)/g)) {
        const target = pageOf(path!, page)
        if (!ids.get(target)?.has(decodeURIComponent(hash!))) broken.push(`${page}: ${path}#${hash}`)
      }
    }
    expect(broken).toEqual([])
  })
})

describe('the API reference links each entry to its source', () => {
  const apiPages = pages('en').filter(page => page.startsWith('api/') && page !== 'api/index.md')

  it.each(apiPages)('%s: names source files that exist, and outlines its entries', page => {
    const markdown = read('en', page)
    // `pkg` names the package folder, `comm` unless given.
    const files = [...markdown.matchAll(/<SourceLink (?:pkg="(\w+)" )?file="([^"]+)" \/>/g)].map(m => `packages/${m[1] ?? 'comm'}/src/${m[2]!}`)
    expect(files.length).toBeGreaterThan(3)
    for (const file of files) expect(existsSync(join(root, file)), file).toBe(true)
    // Methods and options are h3 and h4 headings: the outline must go that deep.
    expect(markdown).toMatch(/^---\noutline: \[2, 4\]\n---/)
  })
})
