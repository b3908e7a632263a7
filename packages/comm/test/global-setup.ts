import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import ts from 'typescript'

/**
 * The socket transport the docs show is the one the tests run: its TypeScript
 * source, compiled to a module that children can import as they are.
 */
export default function setup(): void {
  const source = new URL('../../../docs/snippets/api/socket-transport.ts', import.meta.url)
  const out = new URL('./fixtures/generated/', import.meta.url)
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  })
  mkdirSync(out, { recursive: true })
  writeFileSync(new URL('socket-transport.mjs', out), outputText)
}
