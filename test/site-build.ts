import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { root } from './docs-pages.js'

/** Where VitePress writes the built site. */
export const siteDist = join(root, '.vitepress/dist')
/** Written once the build has ended: its exit code and the end of its output. */
const marker = join(root, 'test-results/site-build.json')

/**
 * Starts the one site build of a test run, in the background, so that tests
 * which do not need the site run while it builds. Returns what ends it.
 */
export function startSiteBuild(): () => Promise<void> {
  rmSync(marker, { force: true })
  mkdirSync(dirname(marker), { recursive: true })
  // While working on a test alone: `SITE_BUILT=1` serves the site as the last build left it.
  if (process.env.SITE_BUILT === '1' && !process.env.CI && existsSync(join(siteDist, 'index.html'))) {
    writeFileSync(marker, JSON.stringify({ code: 0, output: 'reused' }))
    return async () => {}
  }
  const build = spawn(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  build.stdout.on('data', keep)
  build.stderr.on('data', keep)
  const ended = new Promise<void>(done =>
    build.once('close', code => {
      writeFileSync(marker, JSON.stringify({ code, output }))
      done()
    }),
  )
  return async () => {
    if (build.exitCode === null) build.kill('SIGKILL')
    await ended
  }
}

/**
 * Resolves once the site is built; rejects with the build's output if it
 * failed (a dead link fails the build, so a run that gets past here has none).
 */
export async function siteBuilt(): Promise<void> {
  // A hang bound, not a speed requirement: a loaded 2-core machine builds in minutes.
  const deadline = Date.now() + 20 * 60_000
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error('The site build did not end within 20 minutes.')
    await new Promise(done => setTimeout(done, 100))
  }
  const { code, output } = JSON.parse(readFileSync(marker, 'utf8')) as { code: number | null; output: string }
  if (code !== 0) throw new Error(`The site build failed (exit code ${code}):\n${output}`)
}

/** Whether `dir` is the built site, whose files exist only once the build has ended. */
export const isSiteDist = (dir: string): boolean => resolve(dir) === resolve(siteDist)
