import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('../..', import.meta.url))

/** A package's own script; packages that do not export it are found through their package.json. */
export const resolveBin = (pkg: string, bin: string): string => join(dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`)), bin)

/** Runs a tool from the repository root; resolves to its output, whatever its exit code, and the code. */
export function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise(resolve => {
    execFile(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` })
    })
  })
}
