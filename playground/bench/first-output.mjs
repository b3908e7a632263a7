// Part of `npm run bench`: on freshly opened pages of the built site (local
// runtime, headless Chromium), the time from opening the page to "Ready", and
// from pressing Run to the first line a child prints, for the page's first run
// and for a later one; against the same example started with `node main.js` in
// a terminal, in the same run.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { examplesDir, readSources, writeWorkspace } from '../server/workspace.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5)
const EXAMPLE = 'passive-mode'
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** TypeScript to an ES module in `dir`, as the playground and the tests compile it; `imports` maps specifiers to their transpiled modules. */
function transpile(file, dir, name = file.split('/').pop().replace(/\.ts$/, '.mjs'), imports = {}) {
  let { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
  for (const [from, to] of Object.entries(imports)) outputText = outputText.replaceAll(`'${from}'`, `'${to}'`)
  writeFileSync(join(dir, name), outputText)
  return join(dir, name)
}

// Inside the repository, so that the transpiled modules resolve its packages.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
const work = mkdtempSync(join(root, 'node_modules/.cache/liteyuki-comm-bench-'))
transpile(join(root, 'playground/src/runtime.ts'), work)
const { createLocalRuntimeServer } = await import(
  transpile(join(root, 'playground/server/local-runtime-server.ts'), work, undefined, { '../src/runtime': './runtime.mjs' })
)
const { serveStatic } = await import(transpile(join(root, 'test/static-server.ts'), work))
const { launchChromium } = await import(transpile(join(root, 'test/browser.ts'), work))
const { createLineSplitter } = await import(transpile(join(root, 'playground/src/output.ts'), work))

// Always this tree's site: a stale build would measure old code.
execFileSync(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: root, stdio: 'inherit' })

// Baseline: the compiled example, started from a terminal.
const app = join(work, 'app')
writeWorkspace(app, { sources: readSources(join(examplesDir, EXAMPLE)), packageDir: join(root, 'packages/comm') })
/** Started as a reader would from a terminal, until a child's first labelled line. */
function terminalRun() {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['main.js'], { cwd: app, env: { ...process.env, LITEYUKI_COMM_STDIO: 'prefix' }, detached: true })
    const end = () => {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        /* gone */
      }
    }
    const timer = setTimeout(() => {
      end()
      reject(new Error('no child output within 60 s'))
    }, 60_000)
    const splitter = createLineSplitter(line => {
      if (line.process === 'main') return
      clearTimeout(timer)
      resolve(performance.now() - started)
      end()
    })
    child.stdout.setEncoding('utf8').on('data', text => splitter.push(text))
    // Main can end before its child's lines are through: that run has no time to give.
    child.once('close', () => {
      clearTimeout(timer)
      reject(new Error('main exited before a child printed'))
    })
  })
}

/** A few tries, for the runs whose child's output never arrived; how many missed is reported. */
let missedTerminalRuns = 0
async function timedTerminalRun() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await terminalRun()
    } catch (error) {
      if (attempt === 5) throw error
      missedTerminalRuns++
    }
  }
}

const runtime = createLocalRuntimeServer({ packageDir: join(root, 'packages/comm') })
const site = await serveStatic(join(root, '.vitepress/dist'), (request, response) => runtime.handle(request, response))
const browser = await launchChromium()

/** In the page: from the click on Run to the first line of a child in the output, timed by the page's own clock. */
const runToChildLine = page =>
  page.evaluate(
    () =>
      new Promise(resolve => {
        const log = document.querySelector('.playground [role="log"]')
        const started = performance.now()
        const observer = new MutationObserver(() => {
          if (!log.querySelector('.line:not([data-process="main"])')) return
          observer.disconnect()
          resolve(performance.now() - started)
        })
        observer.observe(log, { childList: true, subtree: true })
        document.querySelector('.playground button.run').click()
      }),
  )

/** A fresh page each time: what a reader who just opened the playground gets. */
async function playgroundRuns() {
  const page = await browser.newPage()
  // The moment the status first says Ready, and the one the steps' list is gone (the type checker is up too), from the start of the navigation.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (window.readyAt === undefined && /Ready/.test(document.querySelector('.playground [role="status"]')?.textContent ?? ''))
        window.readyAt = performance.now()
      if (window.readyAt === undefined || document.querySelector('.playground .steps')) return
      window.checkerAt = performance.now()
      observer.disconnect()
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })
  await page.goto(`${site.url}/playground?runtime=local&example=${EXAMPLE}`)
  await page.waitForFunction(() => window.readyAt !== undefined, undefined, { timeout: 60_000 })
  const readyMs = await page.evaluate(() => window.readyAt)
  const firstRunMs = await runToChildLine(page)
  await page.getByRole('status').filter({ hasText: 'Exited' }).waitFor({ timeout: 60_000 })
  const laterRunMs = await runToChildLine(page)
  await page.waitForFunction(() => window.checkerAt !== undefined, undefined, { timeout: 60_000 })
  const checkerMs = await page.evaluate(() => window.checkerAt)
  await page.close()
  return { readyMs, firstRunMs, laterRunMs, checkerMs }
}

const terminal = []
const playground = []
const ready = []
const checker = []
const laterRuns = []
for (let i = 0; i < REPEATS; i++) {
  terminal.push(await timedTerminalRun())
  const times = await playgroundRuns()
  ready.push(times.readyMs)
  checker.push(times.checkerMs)
  playground.push(times.firstRunMs)
  laterRuns.push(times.laterRunMs)
}
await browser.close()
runtime.close()
await site.close()
rmSync(work, { recursive: true, force: true })

if (missedTerminalRuns > 0) console.warn(`${missedTerminalRuns} terminal run(s) ended before a child's first line reached main's stdout, and were run again.`)
const result = {
  example: EXAMPLE,
  pageToReadyMs: median(ready),
  pageToTypeCheckerMs: median(checker),
  playgroundMs: median(playground),
  laterRunMs: median(laterRuns),
  terminalMs: median(terminal),
}
result.ratio = result.playgroundMs / result.terminalMs

const resultsFile = join(root, 'packages/comm/bench/results.json')
const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
results.playground = result
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)

const section = `
## Playground: from Run to the first output of a child

The \`${EXAMPLE}\` example in the playground of the built site (local runtime, headless Chromium), on ${REPEATS} freshly opened pages: the page's first run and a second one (compiling in the browser, writing the files, starting Node.js), against the same compiled example started with \`node main.js\` in a terminal. Medians.

| | time to the first child line | ratio |
| --- | ---: | ---: |
| \`node main.js\` in a terminal | ${result.terminalMs.toFixed(0)} ms | 1.00× |
| playground, first run of the page | ${result.playgroundMs.toFixed(0)} ms | ${result.ratio.toFixed(2)}× |
| playground, a later run | ${result.laterRunMs.toFixed(0)} ms | ${(result.laterRunMs / result.terminalMs).toFixed(2)}× |

From opening the page to "Ready" (the editor and the runtime are up: a Run starts at once, compiling on the page): ${result.pageToReadyMs.toFixed(0)} ms; to the type checker's being up too (type errors and completions; a Run does not wait for it): ${result.pageToTypeCheckerMs.toFixed(0)} ms.
`
const markdownFile = join(root, 'packages/comm/BENCHMARKS.md')
const markdown = readFileSync(markdownFile, 'utf8').replace(/\n## Playground:[\s\S]*$/, '')
writeFileSync(markdownFile, `${markdown.trimEnd()}\n${section}`)
console.log(section)
