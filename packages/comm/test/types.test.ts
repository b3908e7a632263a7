import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// The type tests (types.test-d.ts: expectTypeOf fails as a type error) and
// every test of the package, against the build's declarations. Run as one
// TypeScript program beside the other tests rather than as Vitest's
// typecheck pass, which would run after all of them.
it("the type tests and the package's tests type-check against its build", async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const project = fileURLToPath(new URL('./tsconfig.json', import.meta.url))
  const output = await new Promise<string>(resolve => {
    execFile(process.execPath, [tsc, '-p', project, '--noEmit'], { encoding: 'utf8' }, (error, stdout) => resolve(error ? stdout : ''))
  })
  expect(output).toBe('')
}, 300_000)
