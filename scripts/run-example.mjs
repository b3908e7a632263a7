// Compiles one example of playground/examples (default: the seed page's
// "channels") to JavaScript in a temporary folder and runs it with node.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const root = fileURLToPath(new URL('..', import.meta.url))
const name = process.argv[2] ?? 'channels'
const source = join(root, 'playground/examples', name)
const out = mkdtempSync(join(tmpdir(), `liteyuki-comm-${name}-`))
writeFileSync(join(out, 'package.json'), '{ "type": "module" }\n')
mkdirSync(join(out, 'node_modules'))
symlinkSync(join(root, 'packages/comm'), join(out, 'node_modules/liteyuki-comm'))
for (const file of readdirSync(source).filter(f => f.endsWith('.ts'))) {
  const { outputText } = ts.transpileModule(readFileSync(join(source, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  writeFileSync(join(out, file.replace(/\.ts$/, '.js')), outputText)
}
console.log(`Running the '${name}' example:\n`)
process.exitCode = spawnSync(process.execPath, [join(out, 'main.js')], { stdio: 'inherit' }).status ?? 1
