import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
/** A package's own script; packages that do not export it are found through their package.json. */
const resolveBin = (pkg: string, bin: string): string => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), bin)

/** Runs a tool from the repository root; resolves to its output, whatever its exit code, and the code. */
function run(bin: string, args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe' }) }
  } catch (error) {
    const { status, stdout, stderr } = error as { status: number; stdout: string; stderr: string }
    return { code: status, output: `${stdout}${stderr}` }
  }
}

describe('the repository is linted and formatted', () => {
  it('oxlint finds nothing', () => {
    const { code, output } = run(resolveBin('oxlint', 'bin/oxlint'), ['--deny-warnings'])
    expect(code, output).toBe(0)
  })

  it('prettier has nothing to change', () => {
    const { code, output } = run(resolveBin('prettier', 'bin/prettier.cjs'), ['--check', '.'])
    expect(code, output).toBe(0)
  })
})
