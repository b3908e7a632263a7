import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
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
const twins = includes.filter(file => file.startsWith('docs/snippets/zh/'))

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
  if (file.endsWith('.sh'))
    return text
      .split('\n')
      .filter(line => line.startsWith('#'))
      .map(line => line.replace(/^#\s?/, ''))
  const found: string[] = []
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text)
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia)
      found.push(
        scanner
          .getTokenText()
          .replace(/^\/\/\s?|^\/\*+|\*\/$/g, '')
          .trim(),
      )
  }
  return found.filter(comment => !/^#(end)?region\b/.test(comment))
}

const regions = (file: string): string[] => readFileSync(join(root, file), 'utf8').match(/#(?:end)?region \S+/g) ?? []

/** What a program prints or a value is, quoted in a comment: the same in every language. */
const OUTPUT = /Error\b|^['"{[]|^(true|false|main\.ts)$|^(Channel|Process) '|^No channel named|^\w+ \| \w+$/

describe('the code on the Chinese pages has Chinese comments', () => {
  it('includes Chinese twins of the code files (Python originals aside)', () => {
    expect(twins.length).toBeGreaterThan(20)
    expect(includes.filter(file => !file.startsWith('docs/snippets/zh/') && !file.endsWith('.py'))).toEqual([])
  })

  it.each(twins)("%s: is its original's code, with every comment in Chinese", twin => {
    const original = originalOf(twin)
    expect(existsSync(join(root, original)), original).toBe(true)
    expect(code(twin)).toBe(code(original))
    expect(regions(twin)).toEqual(regions(original))
    const chinese = new RegExp(CJK.source)
    expect(comments(twin).filter(comment => !chinese.test(comment) && !OUTPUT.test(comment))).toEqual([])
  })

  it('would catch a twin whose code drifted', () => {
    const twin = twins.find(file => file.endsWith('channels/main.ts'))!
    const changed = readFileSync(join(root, twin), 'utf8').replace('round < 3', 'round < 4')
    const printed = ts.createPrinter({ removeComments: true }).printFile(ts.createSourceFile(twin, changed, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS))
    expect(printed).not.toBe(code(originalOf(twin)))
  })
})
