import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const { version, repository } = JSON.parse(readFileSync(join(root, 'packages/comm/package.json'), 'utf8')) as {
  version: string
  repository: { url: string }
}

/** The commands of a shell snippet, without its comments. */
const commands = (text: string): string[] => text.split('\n').filter(line => line.trim() !== '' && !line.trimStart().startsWith('#'))

const snippet = (lang: 'en' | 'zh'): string =>
  readFileSync(join(root, `docs/snippets/${lang === 'zh' ? 'zh/' : ''}getting-started/install-from-repository.sh`), 'utf8')

// Until the first publish, the docs tell readers to build the tarball from the repository.
describe('installing from the repository, as the docs say until the first publish', () => {
  const steps = commands(snippet('en'))

  it('gives the same commands in both languages, the README included, cloning the repository the package names', () => {
    expect(commands(snippet('zh'))).toEqual(steps)
    expect(steps[0]).toBe(`git clone ${repository.url.replace(/^git\+/, '')}`)
    for (const readme of ['README.md', 'packages/comm/README.md']) {
      const text = readFileSync(join(root, readme), 'utf8')
      for (const step of steps) expect(text, readme).toContain(step)
    }
  })

  it('installs a package that loads, from a clone of this repository', () => {
    const folder = tempDir('from-repository')
    const app = join(folder, 'my-bot')
    mkdirSync(app)
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-bot', private: true, type: 'module' }))
    // Two steps are stood in for: the clone comes from this repository's committed state instead of
    // GitHub, and it borrows this checkout's installed dependencies instead of downloading them again.
    const script = steps
      .map(step =>
        step.startsWith('git clone ')
          ? `git clone --quiet ${JSON.stringify(root)} liteyuki-comm`
          : step === 'npm ci'
            ? `ln -s ${JSON.stringify(join(root, 'node_modules'))} node_modules`
            : step,
      )
      .join(' && ')
    execFileSync('sh', ['-c', script], {
      cwd: folder,
      stdio: 'pipe',
      env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' },
    })
    // The version in the docs' file names is the package's.
    expect(existsSync(join(folder, `liteyuki-comm/liteyuki-comm-${version}.tgz`))).toBe(true)
    expect(existsSync(join(folder, `liteyuki-comm/liteyuki-comm-redis-${version}.tgz`))).toBe(true)
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "const c = await import('liteyuki-comm'); console.log(typeof c.getBot, c.isMainProcess())"],
      {
        cwd: app,
        encoding: 'utf8',
      },
    )
    expect(out.trim()).toBe('function true')
  }, 300_000)
})
