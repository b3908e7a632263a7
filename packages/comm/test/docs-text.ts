import { readFileSync } from 'node:fs'

const root = new URL('../../../', import.meta.url)

/** A file of the repository, as text. */
export function repoText(path: string): string {
  return readFileSync(new URL(path, root), 'utf8')
}

/** A docs page of one language, by its path under the language's root (`guide/delivery.md`). */
export function page(lang: 'en' | 'zh', path: string): string {
  return repoText(`docs/${lang === 'zh' ? 'zh/' : ''}${path}`)
}

/** The section under the heading with the explicit anchor `id`, up to the next heading of its level or higher. */
export function section(lang: 'en' | 'zh', path: string, id: string): string {
  const text = page(lang, path)
  const heading = new RegExp(`^(#{1,6}) .*\\{#${id}\\}\\s*$`, 'm').exec(text)
  if (!heading) throw new Error(`${lang} ${path}: no heading {#${id}}`)
  const rest = text.slice(heading.index + heading[0].length)
  const next = new RegExp(`^#{1,${heading[1]!.length}} `, 'm').exec(rest)
  return next ? rest.slice(0, next.index) : rest
}
