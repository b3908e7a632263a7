/** The examples of playground/examples: the same files the docs include and the tests run. */
export interface Example {
  name: string
  title: { en: string; zh: string }
  description: { en: string; zh: string }
  /** File name to TypeScript source, in tab order. */
  files: Record<string, string>
}

interface Meta {
  title: Example['title']
  description: Example['description']
  files: string[]
}

const sources = import.meta.glob<string>('../examples/*/*.ts', { query: '?raw', import: 'default', eager: true })
const metas = import.meta.glob<Meta>('../examples/*/meta.json', { import: 'default', eager: true })

const ORDER = ['channels', 'passive-mode', 'active-mode', 'shared-memory', 'pubsub', 'restart-request', 'crash-recovery']

export const examples: Example[] = Object.entries(metas)
  .map(([path, meta]) => {
    const name = path.split('/').at(-2)!
    const files = Object.fromEntries(meta.files.map(file => [file, sources[`../examples/${name}/${file}`] ?? '']))
    return { name, title: meta.title, description: meta.description, files }
  })
  .sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name))

export function findExample(name: string | null | undefined): Example {
  return examples.find(e => e.name === name) ?? examples[0]!
}
