import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileExample, examplesDir, listExamples, runNode, tempDir } from './helpers.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('the examples the docs include and the playground loads', () => {
  it('type-check against the package\'s declarations', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    expect(() => execFileSync(process.execPath, [tsc, '-p', fileURLToPath(new URL('tsconfig.json', examplesDir))], { stdio: 'pipe' })).not.toThrow()
  })

  it.each(listExamples().map(example => [example.name, example] as const))('%s runs and prints what it promises', async (_, example) => {
    const out = tempDir(example.name)
    compileExample(example.dir, out)
    mkdirSync(join(out, 'node_modules'))
    symlinkSync(packageDir, join(out, 'node_modules', 'liteyuki-comm'))
    const run = runNode(join(out, 'main.js'))
    const code = await run.exited
    for (const line of example.meta.expect) expect(run.lines, run.lines.join('\n')).toContain(line)
    expect(code).toBe(0)
  })
})
