// Part of `npm run bench`: the first opening of /playground under `npm run dev`
// with an empty Vite cache (a fresh clone), against a warm opening of the same
// dev server, interleaved: the time from navigation to "Ready", how many times
// the document loaded, and the first Run's time to a child's first line.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const { chromium } = createRequire(import.meta.url)('playwright-core')
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3)
const sorted = values => [...values].sort((a, b) => a - b)
const median = values => sorted(values)[Math.floor(values.length / 2)]

const freePort = () =>
  new Promise(resolve => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })

/** `npm run dev` with its own Vite cache folder, once it answers. */
async function startDev(cache) {
  const port = await freePort()
  const dev = spawn(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'dev', '--port', String(port), '--strictPort'], {
    cwd: root,
    env: { ...process.env, VITEPRESS_CACHE_DIR: cache },
    stdio: 'ignore',
  })
  const url = `http://localhost:${port}`
  while (
    !(await fetch(`${url}/`).then(
      r => r.ok,
      () => false,
    ))
  )
    await new Promise(resolve => setTimeout(resolve, 200))
  return { url, stop: () => dev.kill() }
}

/** A fresh browser profile opens the playground: time to Ready from the navigation's start, document loads, first Run to a child's line. */
async function open(url) {
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'liteyuki-comm-bench-chromium-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  })
  const page = await browser.newPage()
  await page.addInitScript(() => {
    sessionStorage.setItem('loads', String(Number(sessionStorage.getItem('loads')) + 1))
    const started = Number(sessionStorage.getItem('startedAt') || Date.now())
    sessionStorage.setItem('startedAt', String(started))
    new MutationObserver((_, observer) => {
      if (!/Ready/.test(document.querySelector('.playground [role="status"]')?.textContent ?? '')) return
      window.readyMs = Date.now() - started
      observer.disconnect()
    }).observe(document, { subtree: true, childList: true, characterData: true })
  })
  await page.goto(`${url}/playground?example=passive-mode`, { timeout: 600_000 })
  await page.waitForFunction(() => window.readyMs !== undefined, undefined, { timeout: 600_000 })
  const readyMs = await page.evaluate(() => window.readyMs)
  const loads = await page.evaluate(() => Number(sessionStorage.getItem('loads')))
  const runMs = await page.evaluate(
    () =>
      new Promise(resolve => {
        const log = document.querySelector('.playground [role="log"]')
        const started = performance.now()
        new MutationObserver((_, observer) => {
          if (!log.querySelector('.line:not([data-process="main"])')) return
          observer.disconnect()
          resolve(performance.now() - started)
        }).observe(log, { childList: true, subtree: true })
        document.querySelector('.playground button.run').click()
      }),
  )
  await browser.close()
  return { readyMs, loads, runMs }
}

const cold = []
const warm = []
for (let i = 0; i < REPEATS; i++) {
  const cache = mkdtempSync(join(tmpdir(), 'liteyuki-comm-bench-vite-'))
  const dev = await startDev(cache)
  cold.push(await open(dev.url))
  warm.push(await open(dev.url))
  dev.stop()
  rmSync(cache, { recursive: true, force: true })
}

const row = (name, runs) => {
  const ready = runs.map(r => r.readyMs)
  const run = runs.map(r => r.runMs)
  return `| ${name} | ${median(ready).toFixed(0)} ms (${sorted(ready)[0].toFixed(0)}–${sorted(ready).at(-1).toFixed(0)}) | ${Math.max(...runs.map(r => r.loads))} | ${median(run).toFixed(0)} ms (${sorted(run)[0].toFixed(0)}–${sorted(run).at(-1).toFixed(0)}) |`
}
const ratio = median(cold.map(r => r.readyMs)) / median(warm.map(r => r.readyMs))
// Each pair shares a dev server and the moment's load, so its own ratio shows the spread.
const pairRatios = sorted(cold.map((r, i) => r.readyMs / warm[i].readyMs))
const result = {
  coldReadyMs: median(cold.map(r => r.readyMs)),
  warmReadyMs: median(warm.map(r => r.readyMs)),
  ratio,
  pairRatios: [pairRatios[0], pairRatios.at(-1)],
  coldLoads: Math.max(...cold.map(r => r.loads)),
}
const resultsFile = join(root, 'packages/comm/bench/results.json')
const results = JSON.parse(readFileSync(resultsFile, 'utf8'))
results.playgroundFirstVisit = result
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)

const section = `
## Playground: the first visit under npm run dev

\`/playground\` opened in a fresh browser profile from \`npm run dev\`: first with an empty Vite cache (a fresh clone), then again from the same, now warm, dev server; ${REPEATS} pairs, interleaved. Medians (fastest–slowest).

| opening | navigation to Ready | document loads | Run to a child's first line |
| --- | ---: | ---: | ---: |
${row('cold (empty cache)', cold)}
${row('warm', warm)}

Cold to warm: ${ratio.toFixed(2)}× (pair by pair ${pairRatios[0].toFixed(2)}–${pairRatios.at(-1).toFixed(2)}×).
`
const markdownFile = join(root, 'packages/comm/BENCHMARKS.md')
const markdown = readFileSync(markdownFile, 'utf8').replace(/\n## Playground: the first visit[\s\S]*$/, '')
writeFileSync(markdownFile, `${markdown.trimEnd()}\n${section}`)
console.log(section)
