import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { editorCompilerOptions } from '../src/editor-options'

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url))
const dist = here('../../packages/comm/dist/esm')
const examples = here('../examples')
const libDir = dirname(ts.getDefaultLibFilePath({}))

/**
 * The editor's TypeScript, in Node.js: the same options, ESNext's library
 * and no DOM, Node.js's globals from node-globals.d.ts, and liteyuki-comm's
 * declarations where an installed package has them, as monaco.ts sets up.
 */
function editorDiagnostics(files: Record<string, string>): string[] {
  const all: Record<string, string> = {
    '/node-globals.d.ts': readFileSync(here('../src/node-globals.d.ts'), 'utf8'),
    '/node_modules/liteyuki-comm/package.json': readFileSync(here('../../packages/comm/package.json'), 'utf8'),
    '/node_modules/liteyuki-comm/storage.d.ts': "export * from './dist/esm/storage.js'\n",
    ...Object.fromEntries(
      readdirSync(dist, { recursive: true, encoding: 'utf8' })
        .filter(name => name.endsWith('.d.ts'))
        .map(name => [`/node_modules/liteyuki-comm/dist/esm/${name.replaceAll('\\', '/')}`, readFileSync(join(dist, name), 'utf8')]),
    ),
    ...files,
  }
  const options: ts.CompilerOptions = {
    ...editorCompilerOptions,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  }
  const read = (path: string): string | undefined =>
    all[path] ?? (path.startsWith(libDir) && /\/lib\.[\w.]+\.d\.ts$/.test(path) ? readFileSync(path, 'utf8') : undefined)
  const roots = ['/node-globals.d.ts', ...Object.keys(files)]
  const service = ts.createLanguageService({
    getScriptFileNames: () => roots,
    getScriptVersion: () => '1',
    getScriptSnapshot: path => {
      const text = read(path)
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text)
    },
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => options,
    getDefaultLibFileName: settings => join(libDir, ts.getDefaultLibFileName(settings)),
    fileExists: path => {
      try {
        return read(path) !== undefined
      } catch {
        return false
      }
    },
    readFile: read,
  })
  return Object.keys(files).flatMap(name =>
    [...service.getSyntacticDiagnostics(name), ...service.getSemanticDiagnostics(name)].map(
      d => `${name}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    ),
  )
}

const exampleFiles = Object.fromEntries(
  readdirSync(examples, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .flatMap(entry =>
      readdirSync(join(examples, entry.name))
        .filter(name => name.endsWith('.ts'))
        .map(name => [`/${entry.name}/${name}`, readFileSync(join(examples, entry.name, name), 'utf8')]),
    ),
)

describe("the editor's types", () => {
  it('find no error in any example', () => {
    expect(Object.keys(exampleFiles).length).toBeGreaterThan(10)
    expect(editorDiagnostics(exampleFiles)).toEqual([])
  })

  it("know Node.js's common globals, and nothing of the DOM", () => {
    const code = `const url = new URL('./child.js', import.meta.url)
const timer = setTimeout(() => {}, 10).unref()
clearTimeout(timer)
const signal: AbortSignal = AbortSignal.timeout(100)
console.log(url.pathname, signal.aborted, process.pid, import.meta.dirname, new TextEncoder().encode('x').length, structuredClone({ a: 1 }).a)
await new Promise<void>(resolve => setImmediate(resolve))
document.title = 'no DOM in Node.js'
`
    expect(editorDiagnostics({ '/main.ts': code })).toEqual([expect.stringMatching(/^\/main\.ts: Cannot find name 'document'\./)])
  })
})
