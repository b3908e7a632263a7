import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { root } from './docs-pages.js'
import { siteBuilt } from './site-build.js'

const dist = join(root, '.vitepress/dist')

/** The repository as the package's metadata names it: the one address every link must use. */
function metadataRepository(pkg: 'comm' | 'redis'): string {
  const { repository } = JSON.parse(readFileSync(join(root, `packages/${pkg}/package.json`), 'utf8')) as { repository: { url: string } }
  return repository.url.replace(/^git\+/, '').replace(/\.git$/, '')
}

/** Every built page, by its path under dist. */
function htmlFiles(dir = dist): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'assets' ? [] : htmlFiles(path)
    return entry.name.endsWith('.html') && entry.name !== '404.html' ? [relative(dist, path)] : []
  })
}

const decode = (href: string): string => href.replace(/&amp;/g, '&')

/** GitHub's anchor of a Markdown heading. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')

function markdownAnchors(file: string): Set<string> {
  const text = readFileSync(join(root, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map(m => slug(m[1]!)))
}

describe("the site's links into the repository", () => {
  const repository = metadataRepository('comm')
  let pages: string[] = []
  let links: Array<{ page: string; href: string }> = []
  let intoRepository: typeof links = []

  beforeAll(async () => {
    await siteBuilt()
    pages = htmlFiles()
    links = pages.flatMap(page =>
      [...readFileSync(join(dist, page), 'utf8').matchAll(/href="(https:\/\/github\.com\/[^"]+)"/g)].map(m => ({ page, href: decode(m[1]!) })),
    )
    intoRepository = links.filter(link => link.href.toLowerCase().startsWith(repository.toLowerCase()))
    // A hang bound for the run's site build, which a loaded machine takes minutes over.
  }, 20 * 60_000)

  it('use the one repository both packages name in their metadata', () => {
    expect(repository).toBe('https://github.com/LiteyukiStudio/liteyuki-comm')
    expect(metadataRepository('redis')).toBe(repository)
    expect(pages.length).toBeGreaterThan(40)
    // Any other link to GitHub names another project, or the organisation.
    const stray = links.filter(link => !intoRepository.includes(link) && /github\.com\/[^/]+\/liteyuki-comm/i.test(link.href))
    expect(stray).toEqual([])
    expect(links.filter(link => link.href.includes('/undefined'))).toEqual([])
  })

  it('give every page an "Edit this page" link to its own source file', () => {
    const edits = intoRepository.filter(link => link.href.includes('/edit/'))
    const docPages = pages.filter(page => edits.some(link => link.page === page))
    // The home pages and the playground have no edit link: they are not documents.
    expect(docPages.length).toBeGreaterThan(pages.length - 6)
    for (const { page, href } of edits) {
      const source = `docs/${page.replace(/\.html$/, '.md')}`
      expect(href, page).toBe(`${repository}/edit/main/${source}`)
      expect(existsSync(join(root, source)), href).toBe(true)
    }
  })

  it('point source and design-note links at files and headings that exist', () => {
    const fileLinks = intoRepository.filter(link => !link.href.includes('/edit/') && link.href !== repository)
    expect(fileLinks.length).toBeGreaterThan(80)
    const broken: string[] = []
    for (const { page, href } of fileLinks) {
      const match = /^\/(?:blob|tree)\/main\/([^#?]+)(?:#(.+))?$/.exec(href.slice(repository.length))
      if (!match) {
        broken.push(`${page}: ${href} (not ${repository}/blob/main/<path>)`)
        continue
      }
      const [, path, anchor] = match
      if (!existsSync(join(root, path!))) broken.push(`${page}: ${href} (no such file)`)
      else if (anchor && path!.endsWith('.md') && !markdownAnchors(path!).has(decodeURIComponent(anchor))) broken.push(`${page}: ${href} (no such heading)`)
    }
    expect(broken).toEqual([])
  })
})
