import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { pages, read, root } from './docs-pages.js'

/** Every name the package exports, values and types, read from its own declarations. */
function exportedNames(): string[] {
  const names = new Set<string>()
  for (const entry of ['index.d.ts', 'storage.d.ts', 'testing/index.d.ts']) {
    const file = join(root, 'packages/comm/dist/esm', entry)
    const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })
    const checker = program.getTypeChecker()
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
    for (const symbol of checker.getExportsOfModule(module)) names.add(symbol.name)
  }
  return [...names].sort()
}

describe('the API reference covers every public export', () => {
  const names = exportedNames()

  it('reads a real export list', () => {
    expect(names).toEqual(expect.arrayContaining(['getBot', 'Channel', 'sharedMemory', 'ProcessOptions', 'SerializationError']))
  })

  it.each(['en', 'zh'] as const)('in %s', lang => {
    const page = pages(lang)
      .filter(page => page.startsWith('api/'))
      .map(page => read(lang, page))
      .join('\n')
    const missing = names.filter(name => !new RegExp(`\\b${name}\\b`).test(page))
    expect(missing).toEqual([])
  })
})
