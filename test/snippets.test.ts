import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root } from './docs-pages.js'

describe('code fragments the docs include', () => {
  it('type-check against the package', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    const run = (): string => execFileSync(process.execPath, [tsc, '-p', join(root, 'docs/snippets/tsconfig.json')], { encoding: 'utf8' })
    expect(run).not.toThrow()
  })
})
