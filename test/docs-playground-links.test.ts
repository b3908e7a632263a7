import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pages, read, root } from './docs-pages.js'

const examples = readdirSync(join(root, 'playground/examples'), { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()

/** Example folders a page includes code from, as `<<< @/../playground/examples/<name>/...` or their Chinese twins under `@/snippets/zh/examples/`. */
function includedExamples(markdown: string): string[] {
  return [...markdown.matchAll(/^<<<\s+@\/(?:\.\.\/playground|snippets\/zh)\/examples\/([^/\s]+)\//gm)].map(match => match[1]!)
}

/** Example names of the page's `<PlaygroundLink example="...">` components. */
function linkedExamples(markdown: string): string[] {
  return [...markdown.matchAll(/<PlaygroundLink\b[^>]*\bexample="([^"]*)"/g)].map(match => match[1]!)
}

const cases = (['en', 'zh'] as const).flatMap(lang => pages(lang).map(page => [lang, page] as const))

describe('playground examples shown in the docs can be opened in the playground', () => {
  it('finds the examples and the pages', () => {
    expect(examples).toEqual(expect.arrayContaining(['channels', 'shared-memory']))
    expect(cases.length).toBeGreaterThan(20)
    // The patterns match what the pages really contain.
    expect(includedExamples(read('en', 'guide/channels.md'))).toContain('active-mode')
    expect(linkedExamples(read('en', 'guide/channels.md'))).toContain('active-mode')
    expect(read('zh', 'guide/troubleshooting.md')).toContain('](/zh/playground){target="_self"}')
  })

  it.each(cases)('%s %s: every included example has a PlaygroundLink on the page', (lang, page) => {
    const markdown = read(lang, page)
    const linked = new Set(linkedExamples(markdown))
    const unlinked = [...new Set(includedExamples(markdown))].filter(name => !linked.has(name))
    expect(unlinked).toEqual([])
  })

  // The playground needs its own cross-origin isolation headers, so it must be opened with a full page load.
  it.each(cases)('%s %s: every Markdown link to the playground loads the page in full', (lang, page) => {
    const links = read(lang, page).match(/\]\((?:\/zh)?\/playground(?:[?#][^)]*)?\)(?:\{[^}\n]*\})?/g) ?? []
    expect(links.filter(link => !link.endsWith('{target="_self"}'))).toEqual([])
  })

  it.each(cases)('%s %s: every PlaygroundLink names an existing example', (lang, page) => {
    const unknown = linkedExamples(read(lang, page)).filter(name => !examples.includes(name))
    expect(unknown).toEqual([])
  })
})
