import { readdirSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import ts from 'typescript'
import { createMachineServer } from '../playground/test/machine-server.js'
import { root } from './docs-pages.js'

const PREFIX = '/__fake-webcontainer'
/** The fake's browser modules, from playground/test: the same fake the Node.js tests use. */
const MODULES = new Set(['fake-webcontainer-browser', 'fake-webcontainer', 'http-machine'])

/**
 * Next to a built site: the fake `@webcontainer/api` as browser modules
 * (transpiled from playground/test), and the machines it runs `node` on.
 */
export function fakeWebContainerServer(): { handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>; close(): void } {
  const machines = createMachineServer(`${PREFIX}/machine`)
  return {
    async handle(request, response) {
      if (await machines.handle(request, response)) return true
      const name = /^\/__fake-webcontainer\/([\w-]+)\.js$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname)?.[1]
      if (!name || !MODULES.has(name)) return false
      const source = readFileSync(join(root, 'playground/test', `${name}.ts`), 'utf8')
      const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } })
      // Browsers need the extension that TypeScript's imports leave out.
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(outputText.replace(/from '(\.\/[\w-]+)'/g, "from '$1.js'"))
      return true
    },
    close: () => machines.close(),
  }
}

/** The built chunk of `@webcontainer/api`: the one with its refusal of a second instance. */
function webContainerChunk(dist: string): string {
  const dir = join(dist, 'assets/chunks')
  const found = readdirSync(dir).filter(
    name => name.endsWith('.js') && readFileSync(join(dir, name), 'utf8').includes('Only a single WebContainer instance can be booted'),
  )
  if (found.length !== 1) throw new Error(`expected one chunk of @webcontainer/api in ${dir}, found ${found.length}`)
  return found[0]!
}

/**
 * Makes the page load the fake in place of the built `@webcontainer/api`,
 * and lets its reachability check of StackBlitz through, as online. What the
 * fake runs, it runs on this machine's Node.js.
 */
export async function useFakeWebContainer(page: Page, dist: string, options: { failBoot?: string } = {}): Promise<void> {
  const query = new URLSearchParams({ machines: `${PREFIX}/machine`, ...(options.failBoot === undefined ? {} : { failBoot: options.failBoot }) })
  await page.route(`**/assets/chunks/${webContainerChunk(dist)}`, route =>
    route.fulfill({
      contentType: 'text/javascript; charset=utf-8',
      body: `export { WebContainer } from '${PREFIX}/fake-webcontainer-browser.js?${query}'\n`,
    }),
  )
  await page.route('https://stackblitz.com/headless', route => route.fulfill({ status: 200, body: '' }))
}
