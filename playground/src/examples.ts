/**
 * The examples of playground/examples: the same files the docs include and
 * the tests run. The Chinese playground shows the Chinese docs' copies
 * (docs/snippets/zh/examples), the same code with Chinese comments; a file
 * with no Chinese copy is shown as written.
 */
export type Locale = 'en' | 'zh'

export interface Example {
  name: string
  title: Record<Locale, string>
  description: Record<Locale, string>
  /** File name to TypeScript source, in tab order, per language. */
  files: Record<Locale, Record<string, string>>
}

interface Meta {
  title: Example['title']
  description: Example['description']
  files: string[]
}

const sources = import.meta.glob<string>('../examples/*/*.ts', { query: '?raw', import: 'default', eager: true })
const zhSources = import.meta.glob<string>('../../docs/snippets/zh/examples/*/*.ts', { query: '?raw', import: 'default', eager: true })
const metas = import.meta.glob<Meta>('../examples/*/meta.json', { import: 'default', eager: true })

const ORDER = ['channels', 'passive-mode', 'active-mode', 'shared-memory', 'pubsub', 'restart-request', 'crash-recovery']

export const examples: Example[] = Object.entries(metas)
  .map(([path, meta]) => {
    const name = path.split('/').at(-2)!
    const en = Object.fromEntries(meta.files.map(file => [file, sources[`../examples/${name}/${file}`] ?? '']))
    const zh = Object.fromEntries(meta.files.map(file => [file, zhSources[`../../docs/snippets/zh/examples/${name}/${file}`] ?? en[file]!]))
    return { name, title: meta.title, description: meta.description, files: { en, zh } }
  })
  .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name))

export function findExample(name: string | null | undefined): Example {
  return examples.find(e => e.name === name) ?? examples[0]!
}
