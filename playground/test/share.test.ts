import { compressToEncodedURIComponent } from 'lz-string'
import { describe, expect, it } from 'vitest'
import { decodeState, encodeState } from '../src/share'

const hashOf = (value: unknown): string => `#code=${compressToEncodedURIComponent(JSON.stringify(value))}`

describe('share links', () => {
  it('carry the example and every file through the URL hash', () => {
    const state = { example: 'channels', files: { 'main.ts': 'console.log("ü ✓ 共享内存")', 'child.ts': '// child\n' } }
    const hash = encodeState(state)
    expect(hash).toMatch(/^#code=[\w+\-$]+$/)
    expect(decodeState(hash)).toEqual(state)
  })

  it('ignore a hash that is not theirs or does not decode', () => {
    expect(decodeState('')).toBeUndefined()
    expect(decodeState('#outline')).toBeUndefined()
    expect(decodeState('#code=%%%not-lz')).toBeUndefined()
    expect(decodeState(hashOf('just a string'))).toBeUndefined()
  })

  it('refuse files a reader could not have written in the playground', () => {
    // A link must not be able to replace the runtime's package.json or reach outside the folder.
    expect(decodeState(hashOf({ example: 'x', files: { 'main.ts': '', 'package.json': '{}' } }))).toBeUndefined()
    expect(decodeState(hashOf({ example: 'x', files: { 'main.ts': '', '../main.ts': '' } }))).toBeUndefined()
    expect(decodeState(hashOf({ example: 'x', files: { 'child.ts': '' } }))).toBeUndefined()
    expect(decodeState(hashOf({ example: 'x', files: { 'main.ts': 42 } }))).toBeUndefined()
  })
})
