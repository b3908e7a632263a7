import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from './browser.js'
import { root } from './docs-pages.js'

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('npm run dev: the site with the playground on the local runtime', () => {
  let dev: ChildProcess
  let url: string
  let browser: BrowserContext

  beforeAll(async () => {
    const port = await freePort()
    url = `http://localhost:${port}`
    dev = spawn(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'dev', '--port', String(port), '--strictPort'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (chunk: Buffer): void => { output += chunk.toString() }
    dev.stdout!.on('data', collect)
    dev.stderr!.on('data', collect)
    // Ready when it answers, whatever it prints meanwhile.
    for (let answered = false; !answered;) {
      if (dev.exitCode !== null) throw new Error(`vitepress dev exited with ${dev.exitCode}:\n${output}`)
      answered = await fetch(`${url}/`).then(response => response.ok, () => false)
      if (!answered) await new Promise(resolve => setTimeout(resolve, 250))
    }
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    dev?.kill()
  })

  it('isolates the playground page and no other', async () => {
    const html = { accept: 'text/html' }
    const playground = await fetch(`${url}/playground`, { headers: html })
    expect(playground.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(playground.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    const guide = await fetch(`${url}/guide/channels`, { headers: html })
    expect(guide.status).toBe(200)
    expect(guide.headers.get('cross-origin-opener-policy')).toBeNull()
  })

  it('runs an example on the local runtime by default, and the toggle switches to the WebContainer', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/playground?example=channels`)
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 90_000 }).toMatch(/Ready/)
    const toggle = page.getByRole('combobox', { name: 'Runtime' })
    expect(await toggle.inputValue()).toBe('local')
    await page.getByRole('button', { name: 'Run' }).click()
    await page.locator('.console .line[data-process="nonebot"]').first().waitFor({ timeout: 60_000 })

    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 30_000 }).toMatch(/Exited with code 0/)
    await toggle.selectOption('webcontainer')
    // This machine cannot reach StackBlitz: the WebContainer times out and says so.
    const alert = page.getByRole('alert', { name: 'The in-browser runtime cannot start here' })
    await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toContain('did not start in time')
    await page.close()
  })
})
