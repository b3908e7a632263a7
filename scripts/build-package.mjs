// Builds a package's ESM and CommonJS from one source with tsc; no bundler
// needed. Run from the package's folder (npm scripts do), or give its folder.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const root = resolve(process.argv[2] ?? process.cwd())
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const run = (config, ...args) => {
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, config), ...args], { stdio: 'inherit' })
  } catch {
    process.exit(1)
  }
}

rmSync(join(root, 'dist'), { recursive: true, force: true })
// The package ships dist, not src: source maps carry the sources inside them,
// and declaration maps (which can only point to .ts files) are not emitted.
run('tsconfig.json', '--inlineSources', '--declarationMap', 'false')
// A package may leave ESM-only parts out of its CommonJS build with a tsconfig.cjs.json.
run(
  existsSync(join(root, 'tsconfig.cjs.json')) ? 'tsconfig.cjs.json' : 'tsconfig.json',
  '--outDir',
  join(root, 'dist/cjs'),
  '--module',
  'commonjs',
  '--moduleResolution',
  'node10',
  '--verbatimModuleSyntax',
  'false',
  '--declarationMap',
  'false',
  '--sourceMap',
  'false',
)
mkdirSync(join(root, 'dist/cjs'), { recursive: true })
writeFileSync(join(root, 'dist/cjs/package.json'), '{ "type": "commonjs" }\n')
