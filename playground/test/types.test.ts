import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// Among other things, this holds the runtime to the real @webcontainer/api:
// the module it loads must satisfy the part of the API the playground uses.
it('type-checks the playground against the real @webcontainer/api, Monaco and Node.js types', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const project = fileURLToPath(new URL('../tsconfig.json', import.meta.url))
  const errors = (): string => {
    try {
      execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8', stdio: 'pipe' })
      return ''
    } catch (error) {
      return String((error as { stdout?: string }).stdout)
    }
  }
  expect(errors()).toBe('')
  // A whole TypeScript program with Monaco's types: minutes on a loaded machine.
}, 600_000)
