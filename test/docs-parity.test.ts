import { describe, expect, it } from 'vitest'
import { CJK, headings, pages, prose, read } from './docs-pages.js'

describe('the English and Chinese documentation are complete twins', () => {
  const en = pages('en')
  const zh = pages('zh')

  it('has every page in both languages', () => {
    expect(en.length).toBeGreaterThan(10)
    expect(zh).toEqual(en)
  })

  it.each(en)('%s: the English page has no Chinese outside code', page => {
    expect(prose(read('en', page)).match(CJK) ?? []).toEqual([])
  })

  it.each(en)('%s: the Chinese page is written in Chinese', page => {
    const text = prose(read('zh', page))
    const cjk = text.match(CJK)?.length ?? 0
    const latinWords = text.match(/[A-Za-z]{3,}/g) ?? []
    // Latin words left in prose are names (Node.js, TypeScript, JSON...): a few per page, against hundreds of characters.
    expect(cjk).toBeGreaterThan(50)
    expect(cjk / Math.max(1, latinWords.length)).toBeGreaterThan(4)
  })

  it.each(en)('%s: both languages have the same heading structure', page => {
    const level = (h: string): string => h.match(/^#+/)![0]
    expect(headings(read('zh', page)).map(level)).toEqual(headings(read('en', page)).map(level))
  })

  it.each(en)('%s: both languages include the same code files and components', page => {
    const shared = (markdown: string): string[] => markdown.match(/^<<<.*$|<[A-Z]\w+[^>]*\/>/gm) ?? []
    // The Chinese pages include the Chinese twins of the code files (see snippets-zh.test.ts).
    const original = (line: string): string => line.replace('@/snippets/zh/examples/', '@/../playground/examples/').replace('@/snippets/zh/', '@/snippets/')
    expect(shared(read('zh', page)).map(original)).toEqual(shared(read('en', page)))
  })

  it.each(en)('%s: Chinese pages link to Chinese pages', page => {
    const internal = read('zh', page).match(/\]\((\/[^)]*)\)|link: (\/\S*)/g) ?? []
    for (const link of internal) expect(link).toMatch(/\/zh\//)
  })
})
