import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pages, read, root } from './docs-pages.js'

/**
 * One term per concept on the Chinese pages, as the glossary lists them: a
 * message is 消费 (consumed), never 用掉; 原生 is native code only, and IPC
 * without this library is 原始 IPC.
 */
const BANNED: Array<{ term: string; pattern: RegExp }> = [
  { term: '消费', pattern: /用掉/g },
  { term: '原始 IPC', pattern: /原生[^。，；：\n]{0,40}IPC/g },
]

/** Chinese texts a reader sees: the pages, the code they include, the site's components and the playground's Chinese titles and descriptions. */
function chineseTexts(): Array<{ name: string; text: string }> {
  const snippets = join(root, 'docs/snippets/zh')
  const examples = join(root, 'playground/examples')
  const components = join(root, '.vitepress/theme/components')
  return [
    ...readdirSync(components).map(file => ({ name: `.vitepress/theme/components/${file}`, text: readFileSync(join(components, file), 'utf8') })),
    ...pages('zh').map(page => ({ name: `docs/zh/${page}`, text: read('zh', page) })),
    ...readdirSync(snippets, { recursive: true, encoding: 'utf8', withFileTypes: false })
      .filter(file => /\.\w+$/.test(file))
      .map(file => ({ name: `docs/snippets/zh/${file}`, text: readFileSync(join(snippets, file), 'utf8') })),
    ...readdirSync(examples, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => {
        const meta = JSON.parse(readFileSync(join(examples, entry.name, 'meta.json'), 'utf8')) as { title: { zh: string }; description: { zh: string } }
        return { name: `playground/examples/${entry.name}/meta.json`, text: `${meta.title.zh}\n${meta.description.zh}` }
      }),
  ]
}

function offences(texts: Array<{ name: string; text: string }>): string[] {
  return texts.flatMap(({ name, text }) =>
    BANNED.flatMap(({ term, pattern }) => [...text.matchAll(pattern)].map(match => `${name}: '${match[0]}' (say ${term})`)),
  )
}

describe('the Chinese pages use one term per concept', () => {
  it('has no banned variant on any Chinese page, snippet or playground text', () => {
    const texts = chineseTexts()
    expect(texts.length).toBeGreaterThan(40)
    expect(offences(texts)).toEqual([])
  })

  it('would catch each banned variant', () => {
    const seeded = [{ name: 'page.md', text: '端把消息用掉之前。小消息比原生 IPC 更快，也比原生的 `child_process.fork` IPC 快。原生插件不受影响。' }]
    expect(offences(seeded)).toEqual([
      "page.md: '用掉' (say 消费)",
      "page.md: '原生 IPC' (say 原始 IPC)",
      "page.md: '原生的 `child_process.fork` IPC' (say 原始 IPC)",
    ])
  })

  it.each([
    ['consume', '消费', 'Consume'],
    ['raw-ipc', '原始 IPC', 'Raw IPC'],
    ['native', '原生', 'Native'],
  ])('lists #%s in both glossaries: %s / %s', (anchor, zh, en) => {
    expect(read('zh', 'guide/glossary.md')).toContain(`## ${zh} {#${anchor}}`)
    expect(read('en', 'guide/glossary.md')).toContain(`## ${en} {#${anchor}}`)
    expect(read('en', 'guide/glossary.md')).toContain(`Chinese: \`${zh}\``)
  })
})
