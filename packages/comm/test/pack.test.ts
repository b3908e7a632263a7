import { execFileSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileExample, listExamples, runNode, tempDir } from './helpers.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const npm = (args: string[], cwd: string): string =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  })

describe('the published package, installed from its tarball into a fresh folder', () => {
  let app: string
  let tarball: string

  beforeAll(() => {
    const packed = tempDir('pack')
    // The build npm test made, as it is: a prepack build would empty dist under the tests running beside this one.
    npm(['pack', '--ignore-scripts', '--pack-destination', packed], packageDir)
    tarball = join(
      packed,
      readdirSync(packed).find(f => f.endsWith('.tgz'))!,
    )
    app = tempDir('app')
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }))
    npm(['install', tarball], app)
  }, 120_000)

  it('ships only the build, the README, the changelog and the license', () => {
    const files = readdirSync(join(app, 'node_modules/liteyuki-comm'))
    expect(files.sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json'])
  })

  it("runs the seed page's example: passive (string filter) and active receives in the child", async () => {
    const seed = listExamples().find(e => e.name === 'channels')!
    compileExample(seed.dir, app)
    const run = runNode(join(app, 'main.js'), [], { LITEYUKI_COMM_STDIO: '' })
    expect(await run.exited).toBe(0)
    expect(run.lines.filter(l => l === 'Passive receive: I am liteyuki main process passive')).toHaveLength(3)
    expect(run.lines.filter(l => l === 'Active receive: I am liteyuki main process active')).toHaveLength(3)
  })

  it('runs the seed example with the commands the docs give for running it locally', async () => {
    const seed = listExamples().find(e => e.name === 'channels')!
    const folder = tempDir('run-locally')
    for (const file of ['main.ts', 'child.ts']) copyFileSync(join(seed.dir, file), join(folder, file))
    const script = readFileSync(join(seed.dir, '../run-locally.sh'), 'utf8')
    const commands = script.split('\n').filter(line => line.trim() !== '' && !line.startsWith('#'))
    expect(commands.at(-1)).toBe('node main.js')
    // The package comes from this build's tarball instead of the registry; every other step runs as written.
    for (const command of commands.slice(0, -1)) {
      execFileSync('sh', ['-c', command.replace(/^npm install liteyuki-comm$/, `npm install ${tarball}`)], {
        cwd: folder,
        stdio: 'pipe',
        env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
      })
    }
    const run = runNode(join(folder, 'main.js'), [], { LITEYUKI_COMM_STDIO: '' })
    expect(await run.exited).toBe(0)
    expect(run.lines).toContain('Passive receive: I am liteyuki main process passive')
    expect(run.lines).toContain('Active receive: I am liteyuki main process active')
  }, 180_000)

  // Getting started offers these two besides TypeScript: they run as written, with no build step.
  it.each(['mjs', 'cjs'])(
    'runs the getting-started example in plain JavaScript (.%s)',
    async ext => {
      const snippets = fileURLToPath(new URL('../../../docs/snippets/getting-started/', import.meta.url))
      for (const file of [`main.${ext}`, `child.${ext}`]) copyFileSync(join(snippets, file), join(app, file))
      const run = runNode(join(app, `main.${ext}`), [], { LITEYUKI_COMM_STDIO: '' })
      expect(await run.exited).toBe(0)
      expect(run.lines.filter(l => l === 'Passive receive: I am liteyuki main process passive')).toHaveLength(3)
      expect(run.lines.filter(l => l === 'Active receive: I am liteyuki main process active')).toHaveLength(3)
    },
    60_000,
  )

  it('loads from CommonJS too, with both entry points', () => {
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `
      const comm = require('liteyuki-comm')
      const storage = require('liteyuki-comm/storage')
      console.log(typeof comm.getBot, typeof comm.Channel, storage.sharedMemory === comm.sharedMemory)
    `,
      ],
      { cwd: app, encoding: 'utf8' },
    )
    expect(out.trim()).toBe('function function true')
  })

  it('type-checks a TypeScript user of the installed package', () => {
    writeFileSync(
      join(app, 'check.ts'),
      `
      import { getBot, getChannel, type Channel } from 'liteyuki-comm'
      import { sharedMemory } from 'liteyuki-comm/storage'
      const channel: Channel<string> = getChannel<string>('x')
      const n: Promise<number> = sharedMemory.get('n', 0)
      void getBot; void channel; void n
    `,
    )
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      join(packageDir, '../../node_modules/@types'),
      'check.ts',
    ]
    expect(() => execFileSync(process.execPath, [tsc, ...args], { cwd: app, encoding: 'utf8' })).not.toThrow()
    // A whole TypeScript program from a cold start: minutes on a loaded machine.
  }, 300_000)
})
