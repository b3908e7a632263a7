import { describe, expect, it } from 'vitest'
import { pages, read } from './docs-pages.js'
import { builtSite, editorCode, mermaidCode, openWithScripts, sitePaths } from './site-pages.js'

/** The markdown of every page, in the order of `sitePaths()`. */
const pageSources = (['en', 'zh'] as const).flatMap(lang => pages(lang).map(page => read(lang, page)))
const paths = sitePaths()
const withDiagram = paths.filter((_, i) => /^<Diagram /m.test(pageSources[i]!))

// The editor and WebContainers weigh megabytes, mermaid hundreds of kilobytes:
// a page loads them only when it shows them.
describe('each page of the built site loads only the code it shows, in headless Chromium', () => {
  const site = builtSite()

  it('finds the playground and the pages with a diagram', () => {
    expect(paths.filter(path => path.endsWith('playground'))).toEqual(['/playground', '/zh/playground'])
    expect(withDiagram).toEqual(expect.arrayContaining(['/guide/introduction', '/guide/cluster', '/zh/guide/introduction', '/zh/guide/cluster']))
  })

  // Each page in a tab of its own, several at a time.
  it.concurrent.each(paths)('%s', async path => {
    const { page, scripts: loaded } = await openWithScripts(site.browser, site.url + path)
    // What loads once the page has mounted: the editor, a diagram.
    if (path.endsWith('playground')) await page.locator('.monaco-editor').waitFor()
    if (withDiagram.includes(path)) await page.locator('.diagram svg').first().waitFor()
    const scripts = await loaded()
    await page.close()
    expect(scripts.length).toBeGreaterThan(0)
    // The checks can fail: the playground loads the editor, a page with a diagram loads mermaid.
    if (path.endsWith('playground')) expect(editorCode(scripts).length, 'editor and WebContainer code').toBeGreaterThan(0)
    else expect(editorCode(scripts), 'editor and WebContainer code').toEqual([])
    if (withDiagram.includes(path)) expect(mermaidCode(scripts).length, 'mermaid').toBeGreaterThan(0)
    else expect(mermaidCode(scripts), 'mermaid').toEqual([])
  })
})
