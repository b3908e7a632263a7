// The one place that compiles an example into a folder Node.js runs it from:
// `npm run example`, the tests, the benchmarks and the dev server's local
// runtime. Plain JavaScript so that Node.js scripts run it as it is; its
// types are in workspace.d.mts.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileFiles } from '../src/compile.mjs'

/** playground/examples: the examples the docs include, the page loads and the tests run. */
export const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url))

/** The examples' names, one folder each. */
export function exampleNames() {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort()
}

/** The TypeScript files of a folder, by name. */
export function readSources(dir) {
  return Object.fromEntries(
    readdirSync(dir)
      .filter(name => name.endsWith('.ts'))
      .map(name => [name, readFileSync(join(dir, name), 'utf8')]),
  )
}

/**
 * Writes a folder Node.js runs `main.js` from: `package.json` (ES modules),
 * the sources compiled as the playground compiles them (compile.mjs) or files
 * already compiled, and `node_modules/liteyuki-comm` linked to `packageDir`
 * when given (a folder that installed the package itself needs no link).
 */
export function writeWorkspace(dir, options) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  if (options.packageDir) {
    mkdirSync(join(dir, 'node_modules'), { recursive: true })
    symlinkSync(options.packageDir, join(dir, 'node_modules', 'liteyuki-comm'), 'junction')
  }
  const files = { ...(options.sources ? compileFiles(options.sources) : {}), ...options.files }
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents)
}

/** A new workspace in the system's temporary folder; `remove()` takes it away again. */
export function createWorkspace(options) {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'liteyuki-comm-'))
  try {
    writeWorkspace(dir, options)
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
