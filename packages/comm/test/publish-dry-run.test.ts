import { execFileSync, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))

interface Packed {
  name: string
  version: string
  files: Array<{ path: string }>
}

// What `changeset publish` will run in the release workflow, without the upload.
describe('npm publish --dry-run', () => {
  it.each(['comm', 'redis'])(
    'packages/%s: succeeds with nothing to warn about but the missing login, and ships the build and its papers',
    pkg => {
      const dir = join(root, 'packages', pkg)
      // The build is there already (tests run after it); prepack would rebuild it under the feet of tests running beside this one.
      const result = spawnSync('npm', ['publish', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, npm_config_update_notifier: 'false' },
      })
      expect(result.status, result.stderr).toBe(0)
      // A dry run here has no npm login; anything else (auto-corrected metadata, bad fields) is a problem.
      const warnings = result.stderr.split('\n').filter(line => /\b(warn|ERR)/i.test(line) && !/requires you to be logged in .*\(dry-run\)/.test(line))
      expect(warnings).toEqual([])
      const packed = Object.values(JSON.parse(result.stdout) as Record<string, Packed>)[0]!
      const { name, version } = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: dir, encoding: 'utf8' })) as Packed
      expect(`${packed.name}@${packed.version}`).toBe(`${name}@${version}`)
      const top = new Set(packed.files.map(file => file.path.split('/')[0]))
      expect([...top].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json'])
    },
    180_000,
  )
})
