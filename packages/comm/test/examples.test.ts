import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileExample, examplesDir, listExamples, node18, runNode, tempDir } from './helpers.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('the examples the docs include and the playground loads', () => {
  it("type-check against the package's declarations", () => {
    // Not the sources, as `npm run typecheck` does: the built .d.ts files a user gets.
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    const config = fileURLToPath(new URL('tsconfig.json', examplesDir))
    expect(() => execFileSync(process.execPath, [tsc, '-p', config, '--paths', 'null'], { stdio: 'pipe' })).not.toThrow()
  })
})

// The same suite on each runtime the library supports: the Node.js running the
// tests, and Node.js 18. Children are forked with main's own node binary.
const runtimes = [
  ['this Node.js', process.execPath],
  ['Node.js 18', node18()],
] as const

// Each example waits on its own processes, so they run side by side.
describe.concurrent.each(runtimes)('every example on %s', (_runtime, node) => {
  // Only a local machine for which no Node.js 18 binary is published may skip; CI never does.
  it.skipIf(node === undefined && !process.env.CI).each(listExamples().map(example => [example.name, example] as const))(
    '%s runs and prints what it promises',
    async (_, example) => {
      expect(node, 'a Node.js 18 binary (optional dependency node-<platform>-<arch>)').toBeDefined()
      const out = tempDir(example.name)
      compileExample(example.dir, out)
      mkdirSync(join(out, 'node_modules'))
      symlinkSync(packageDir, join(out, 'node_modules', 'liteyuki-comm'))
      // Labelled output, as the playground shows it: `[child] text` for children, plain for main.
      const run = runNode(join(out, 'main.js'), [], { LITEYUKI_COMM_STDIO: 'prefix' }, node)
      const code = await run.exited
      for (const line of example.meta.expect) expect(run.lines, run.lines.join('\n')).toContain(line)
      expect(code).toBe(0)
    },
  )
})
