import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { pages, read, root } from './docs-pages.js'

/** Every name the entry points of both packages export, values and types, read from their own declarations. */
function exportedNames(): string[] {
  const names = new Set<string>()
  for (const entry of ['packages/comm/dist/esm/index.d.ts', 'packages/comm/dist/esm/storage.d.ts', 'packages/redis/dist/esm/index.d.ts']) {
    const file = join(root, entry)
    const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext })
    const checker = program.getTypeChecker()
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(file)!)!)) names.add(symbol.name)
  }
  return [...names].sort()
}

/** Sections of the API pages that explain rather than document one export: they need no source link. */
const PROSE = new Set([
  'main-process',
  'lifecycle-hooks',
  'child-process',
  'a-child-s-lifetime',
  'writing-a-backend',
  'the-lease-of-a-key-lock',
  'serialization',
  'transport-layer',
  'in-memory',
])

describe('the API index', () => {
  const names = exportedNames()

  it('reads the real export lists', () => {
    expect(names).toEqual(expect.arrayContaining(['getBot', 'onStop', 'redisCluster', 'RedisClusterOptions', 'SharedMemory']))
  })

  it.each(['en', 'zh'] as const)('%s: names every export of both packages', lang => {
    const index = read(lang, 'api/index.md')
    expect(names.filter(name => !new RegExp(`\\b${name}\\b`).test(index))).toEqual([])
  })
})

describe('every entry of the API reference links to its source', () => {
  const apiPages = pages('en').filter(page => page.startsWith('api/') && page !== 'api/index.md')

  it.each(['en', 'zh'] as const)('%s', lang => {
    const missing: string[] = []
    for (const page of apiPages) {
      const sections = read(lang, page)
        .replace(/^```[\s\S]*?^```/gm, '')
        .split(/^(?=#{2,4} )/m)
        .slice(1)
      for (const section of sections) {
        const id = /\{#([\w-]+)\}/.exec(section.split('\n')[0]!)?.[1] ?? section.split('\n')[0]!
        if (!PROSE.has(id) && !/^<SourceLink (pkg="(comm|redis)" )?file="[^"]+" \/>$/m.test(section)) missing.push(`${page}#${id}`)
      }
    }
    expect(missing).toEqual([])
  })
})
