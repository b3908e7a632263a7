import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The README is published to npm and cannot include files, so this keeps its
// example identical to the one the example tests run.
describe('the package README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  it.each(['main.ts', 'child.ts'])("shows the channels example's %s exactly", file => {
    const source = readFileSync(new URL(`../../../playground/examples/channels/${file}`, import.meta.url), 'utf8').trimEnd()
    expect(readme).toContain(`\`\`\`ts\n${source}\n\`\`\``)
  })
})
