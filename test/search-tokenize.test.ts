import { describe, expect, it } from 'vitest'
import { tokenize } from '../.vitepress/search-tokenize.js'

describe('the search tokenizer', () => {
  it('splits Chinese runs into overlapping pairs of characters', () => {
    expect(tokenize('共享内存')).toEqual(['共享', '享内', '内存'])
  })

  it('keeps Latin words whole, split at spaces and punctuation, around Chinese', () => {
    expect(tokenize('使用sharedMemory.update()更新')).toEqual(['使用', 'sharedMemory', 'update', '更新'])
    expect(tokenize('shared memory, pub/sub')).toEqual(['shared', 'memory', 'pub', 'sub'])
  })

  it('keeps a single Chinese character as a term', () => {
    expect(tokenize('读 写')).toEqual(['读', '写'])
  })

  it("finds a word inside a sentence: the query's terms are among the text's", () => {
    const text = tokenize('主进程持有的共享内存是一个键值存储')
    for (const term of tokenize('共享内存')) expect(text).toContain(term)
    for (const term of tokenize('键值存储')) expect(text).toContain(term)
  })

  // VitePress ships the function to the browser as its source text.
  it('uses nothing from outside its own body', () => {
    const rebuilt = new Function(`return (${tokenize.toString()})`)() as typeof tokenize
    expect(rebuilt('共享内存 shared')).toEqual(['共享', '享内', '内存', 'shared'])
  })
})
