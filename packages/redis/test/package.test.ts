import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const packageDir = new URL('..', import.meta.url)
const manifest = (dir: URL) => JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as Record<string, Record<string, string> | undefined>

describe('the published package', () => {
  it('ships the ESM and CommonJS builds with their types, and no sources or tests', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: packageDir, encoding: 'utf8' })) as Array<{
      files: Array<{ path: string }>
    }>
    const files = packed!.files.map(file => file.path)
    expect(files.filter(file => !file.startsWith('dist/')).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'])
    expect(files).toEqual(
      expect.arrayContaining(['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']),
    )
  })

  it('depends on ioredis at one version, and leaves the core without runtime dependencies', () => {
    const redis = manifest(packageDir)
    expect(Object.keys(redis.dependencies ?? {})).toEqual(['ioredis'])
    expect(redis.dependencies!.ioredis).toMatch(/^\d+\.\d+\.\d+$/)
    expect(Object.keys(redis.peerDependencies ?? {})).toEqual(['liteyuki-comm'])
    expect(manifest(new URL('../comm/', packageDir)).dependencies).toBeUndefined()
  })
})
