import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { codeComments, shellComments } from './code-comments.js'
import { CJK, pages, read, root } from './docs-pages.js'

/**
 * The Chinese pages include Chinese twins of the code files: the same code, with
 * comments in Chinese. The originals are run and type-checked by their tests;
 * the twins are type-checked with the docs' snippets and held here to the same
 * code, so what a Chinese reader copies is what the tests ran.
 */

/** A twin's path, relative to the repository, and its original's. */
export function originalOf(twin: string): string {
  return twin.startsWith('docs/snippets/zh/examples/')
    ? twin.replace('docs/snippets/zh/examples/', 'playground/examples/')
    : twin.replace('docs/snippets/zh/', 'docs/snippets/')
}

/** The file an include line names, relative to the repository. */
function includedFile(line: string): string {
  const target = line.replace(/^<<<\s+/, '').replace(/[#{\s[].*$/, '')
  return target.startsWith('@/../') ? target.slice('@/../'.length) : `docs/${target.slice('@/'.length)}`
}

const includes = [
  ...new Set(
    pages('zh')
      .flatMap(page => read('zh', page).match(/^<<<.*$/gm) ?? [])
      .map(includedFile),
  ),
].sort()
/** Every Chinese twin, included by a page or shown by the Chinese playground. */
const twins = readdirSync(join(root, 'docs/snippets/zh'), { recursive: true, encoding: 'utf8' })
  .filter(file => /\.([cm]?[jt]s|sh)$/.test(file))
  .map(file => `docs/snippets/zh/${file.split(sep).join('/')}`)
  .sort()

/** Code without its comments, in one printed form. */
function code(file: string): string {
  const text = readFileSync(join(root, file), 'utf8')
  if (file.endsWith('.sh'))
    return text
      .split('\n')
      .filter(line => !line.startsWith('#'))
      .join('\n')
  const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS
  return ts.createPrinter({ removeComments: true }).printFile(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind))
}

/** The comments of a file, region markers aside. */
function comments(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8')
  return (file.endsWith('.sh') ? shellComments(text) : codeComments(text)).filter(comment => !/^#(end)?region\b/.test(comment))
}

const regions = (file: string): string[] => readFileSync(join(root, file), 'utf8').match(/#(?:end)?region \S+/g) ?? []

/**
 * What a program prints or a value is, quoted in a comment: the same in every
 * language. An error message begins with its error's name, a call, or the
 * thing it names, as the library prints it.
 */
const OUTPUT =
  /^[A-Z]\w*Error: |^[\w.]+\([^)]*\)(: | on channel )|^\w+ is only available in |^(Channel|Process) '|^No channel named|^ERR_\w+ |^code 'ERR_\w+'$|^['"{[]|^(true|false|main\.ts)$|^\w+ \| \w+$/

const chinese = new RegExp(CJK.source)

/** The comments of a text that are neither Chinese nor a printed value. */
function englishComments(found: string[]): string[] {
  return found.filter(comment => !chinese.test(comment) && !OUTPUT.test(comment))
}

/** The code blocks written on a page itself (not included from a file), with their language. */
function fences(markdown: string): Array<{ lang: string; code: string }> {
  return [...markdown.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```/gm)].map(match => ({ lang: match[1]!, code: match[2]! }))
}

function fenceComments(fence: { lang: string; code: string }): string[] {
  if (['sh', 'bash', 'shell'].includes(fence.lang)) return shellComments(fence.code)
  return ['ts', 'js', 'typescript', 'javascript'].includes(fence.lang) ? codeComments(fence.code) : []
}

describe('the code on the Chinese pages has Chinese comments', () => {
  it('includes Chinese twins of the code files (Python originals aside)', () => {
    expect(twins.length).toBeGreaterThan(20)
    expect(includes.filter(file => !file.startsWith('docs/snippets/zh/') && !file.endsWith('.py'))).toEqual([])
    expect(includes.filter(file => file.startsWith('docs/snippets/zh/') && !twins.includes(file))).toEqual([])
  })

  // The Chinese playground shows these twins; without one it would show the English file.
  it('has a Chinese twin of every file of every playground example', () => {
    const examples = readdirSync(join(root, 'playground/examples'), { recursive: true, encoding: 'utf8' })
      .filter(file => /\.(ts|sh)$/.test(file))
      .map(file => `docs/snippets/zh/examples/${file.split(sep).join('/')}`)
    expect(examples.length).toBeGreaterThan(10)
    expect(examples.filter(file => !twins.includes(file))).toEqual([])
  })

  it.each(twins)("%s: is its original's code, with every comment in Chinese", twin => {
    const original = originalOf(twin)
    expect(existsSync(join(root, original)), original).toBe(true)
    expect(code(twin)).toBe(code(original))
    expect(regions(twin)).toEqual(regions(original))
    expect(englishComments(comments(twin))).toEqual([])
  })

  it.each(pages('zh'))('%s: the code written on the page has Chinese comments', page => {
    expect(englishComments(fences(read('zh', page)).flatMap(fenceComments))).toEqual([])
  })

  // The scanner once lost its place after a `${…}` and read the rest of the file as a template.
  it('would catch an English comment after a template literal, a division or a regular expression', () => {
    const page = readFileSync(join(root, 'docs/snippets/zh/examples/channels/child.ts'), 'utf8')
    const seeded = `${page}
const label = \`\${processName}: \${1 / 2}\` // An English comment after a template.
const ratio = 6 / 3 // After a division.
const pattern = /['\`]/g // After a regular expression.
/* A block comment. */
`
    expect(englishComments(codeComments(seeded))).toEqual([
      ...englishComments(codeComments(page)),
      'An English comment after a template.',
      'After a division.',
      'After a regular expression.',
      'A block comment.',
    ])
  })

  it('would catch an English comment in a code block written on a page', () => {
    const page = `Some text.\n\n\`\`\`ts\nconst a = \`\${b}\` // 中文\nconst c = 1 // not Chinese\n\`\`\`\n`
    expect(englishComments(fences(page).flatMap(fenceComments))).toEqual(['not Chinese'])
  })

  it('would catch a twin whose code drifted', () => {
    const twin = twins.find(file => file.endsWith('channels/main.ts'))!
    const changed = readFileSync(join(root, twin), 'utf8').replace('round < 3', 'round < 4')
    const printed = ts.createPrinter({ removeComments: true }).printFile(ts.createSourceFile(twin, changed, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS))
    expect(printed).not.toBe(code(originalOf(twin)))
  })
})
