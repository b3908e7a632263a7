import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const docsDir = join(root, 'docs')

/** Markdown pages of one language, as paths relative to that language's root. */
export function pages(lang: 'en' | 'zh'): string[] {
  const base = lang === 'en' ? docsDir : join(docsDir, 'zh')
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return lang === 'en' && (entry.name === 'zh' || entry.name === 'snippets' || entry.name === 'public') ? [] : walk(path)
      return entry.name.endsWith('.md') ? [relative(base, path)] : []
    })
  return walk(base).sort()
}

export function read(lang: 'en' | 'zh', page: string): string {
  return readFileSync(join(lang === 'en' ? docsDir : join(docsDir, 'zh'), page), 'utf8')
}

/** Prose only: code blocks, includes, inline code, tags, link targets (with their `{attrs}`) and frontmatter keys removed. */
export function prose(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, ' ')
    .replace(/^<<<.*$/gm, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/\]\([^)]*\)(\{[^}\n]*\})?/g, ']')
    .replace(/^\s*(layout|src|link|theme|target|alt|title|name|text|tagline|details|image|hero|features|actions):/gm, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
}

export function headings(markdown: string): string[] {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .split('\n')
    .filter(line => /^#{1,6} /.test(line))
}

export const CJK = /[\u3400-\u9fff]/g
