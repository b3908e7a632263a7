import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { read, root } from './docs-pages.js'

/** Every `ERR_…` code the packages' sources name, with a file that names it. */
function sourceCodes(): Map<string, string> {
  const codes = new Map<string, string>()
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', pkg, 'src')
    for (const file of readdirSync(src, { recursive: true }) as string[]) {
      if (!/\.[cm]?ts$/.test(file)) continue
      for (const [code] of readFileSync(join(src, file), 'utf8').matchAll(/\bERR_[A-Z][A-Z0-9_]*\b/g)) codes.set(code, `packages/${pkg}/src/${file}`)
    }
  }
  return codes
}

describe('the errors page documents every error code', () => {
  const codes = sourceCodes()

  it('finds the codes of both packages', () => {
    expect([...codes.keys()]).toEqual(expect.arrayContaining(['ERR_TIMEOUT', 'ERR_NO_MAIN_THREAD', 'ERR_CLUSTER_NODE_TAKEN']))
  })

  it.each(['en', 'zh'] as const)('%s: every code in the sources, and no code the sources lack', lang => {
    const page = read(lang, 'api/errors.md')
    const documented = new Set(page.match(/\bERR_[A-Z][A-Z0-9_]*\b/g))
    expect([...codes.keys()].filter(code => !documented.has(code))).toEqual([])
    expect([...documented].filter(code => !codes.has(code))).toEqual([])
  })
})
