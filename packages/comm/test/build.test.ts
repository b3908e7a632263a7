import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dist = fileURLToPath(new URL('../dist/', import.meta.url))
const files = (dir: string): string[] => (readdirSync(join(dist, dir), { recursive: true }) as string[]).map(name => join(dist, dir, name))

// The package ships dist without src, so nothing in dist may need src.
describe('the build in dist', () => {
  it('has source maps that carry their sources, and no declaration maps pointing to .ts files', () => {
    const maps = files('esm').filter(file => file.endsWith('.js.map'))
    expect(maps.length).toBeGreaterThan(10)
    for (const file of maps) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> }
      expect(map.sourcesContent, file).toHaveLength(map.sources.length)
      expect(
        map.sourcesContent!.every(source => typeof source === 'string' && source.length > 0),
        file,
      ).toBe(true)
    }
    expect([...files('esm'), ...files('cjs')].filter(file => file.endsWith('.d.ts.map'))).toEqual([])
  })

  it('points every sourceMappingURL at a map that exists', () => {
    for (const file of [...files('esm'), ...files('cjs')].filter(f => f.endsWith('.js') || f.endsWith('.d.ts'))) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(file, 'utf8'))?.[1]
      if (url) expect(existsSync(resolve(dirname(file), url)), `${file} -> ${url}`).toBe(true)
    }
  })
})
