import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root } from './docs-pages.js'

describe('code fragments the docs include', () => {
  // Against the built declarations a user gets; `npm run typecheck` checks them against the sources.
  it("type-check against the package's build", () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    const run = (): string => execFileSync(process.execPath, [tsc, '-p', join(root, 'docs/snippets/tsconfig.json'), '--paths', 'null'], { encoding: 'utf8' })
    expect(run).not.toThrow()
  })

  // The migration page shows the Liteyuki page's Python beside its port; it cannot run here without Liteyuki, but it must parse.
  it('include Python originals that compile', () => {
    const dir = join(root, 'docs/snippets/python')
    const files = readdirSync(dir)
      .filter(file => file.endsWith('.py'))
      .map(file => join(dir, file))
    expect(files.length).toBeGreaterThan(0)
    expect(() =>
      execFileSync('python3', ['-c', 'import sys, ast; [ast.parse(open(f, encoding="utf-8").read(), f) for f in sys.argv[1:]]', ...files], { stdio: 'pipe' }),
    ).not.toThrow()
  })
})
