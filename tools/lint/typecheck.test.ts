import { expect, it } from 'vitest'
import { resolveBin, run } from './run-tool.js'

// The same projects as `npm run typecheck`, side by side. They resolve the
// packages to their sources (tsconfig.source.json), so they need no build.
const projects = ['packages/comm/tsconfig.json', 'packages/redis/test/tsconfig.json', 'playground/examples/tsconfig.json', 'docs/snippets/tsconfig.json']

it.concurrent.each(projects)('%s type-checks', async project => {
  const { code, output } = await run(resolveBin('typescript', 'bin/tsc'), ['-p', project, '--noEmit'])
  expect(code, output).toBe(0)
})
