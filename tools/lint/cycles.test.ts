import { join } from 'node:path'
import madge from 'madge'
import { expect, it } from 'vitest'
import { root } from './run-tool.js'

// Type imports count: a cycle through `import type` still ties two modules'
// meanings together, and oxlint's import/no-cycle rule skips them.
const trees = [
  ['packages/comm/src', 'packages/comm/tsconfig.json'],
  ['packages/redis/src', 'packages/redis/tsconfig.json'],
  ['playground/src', 'playground/tsconfig.json'],
  ['playground/server', 'playground/tsconfig.json'],
] as const

it.each(trees)('%s has no import cycle, type imports included', async (dir, tsConfig) => {
  const graph = await madge(join(root, dir), {
    fileExtensions: ['ts'],
    tsConfig: join(root, tsConfig),
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  })
  expect(Object.keys(graph.obj()).length).toBeGreaterThan(3)
  expect(graph.circular()).toEqual([])
})
