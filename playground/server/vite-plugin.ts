import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'
import { isPlaygroundPath } from '../src/pages'
import { createLocalRuntimeServer } from './local-runtime-server'
import { styleModule } from './style-module'

/**
 * The headers the dev server sends: the playground pages are cross-origin
 * isolated, as WebContainers need; scripts and workers opt in to being loaded
 * by them, which isolates nothing else. `_headers` and `vercel.json` say the
 * same for deployments, and a test holds the three together.
 */
export function isolationHeaders(url: string, isPage: boolean): Record<string, string> {
  if (isPlaygroundPath(new URL(url, 'http://localhost').pathname)) {
    return { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
  }
  return isPage ? {} : { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' }
}

const STYLE = '\0liteyuki-playground-style:'

/**
 * VitePress bundles every imported stylesheet into the one all pages load.
 * xterm.js's stylesheet instead becomes a module that adds it at run time, so
 * it travels with the playground and reaches no other page (Monaco's does the
 * same inside the editor's bundle, monaco-editor-plugin.ts).
 */
export function playgroundStylesPlugin(): Plugin {
  return {
    name: 'liteyuki-comm-playground:styles',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.css') || !source.startsWith('@xterm/')) return null
      const resolved = await this.resolve(source, importer, { skipSelf: true })
      // The trailing .js keeps Vite's CSS pipeline from claiming the id.
      return resolved ? `${STYLE}${resolved.id}.js` : null
    },
    load: id => (id.startsWith(STYLE) ? styleModule(id.slice(STYLE.length, -'.js'.length)) : null),
  }
}

/** The built playground's modules that the page loads at once, found by the build's client bundle. */
let playgroundModules: string[] = []

/**
 * What the playground pages preload from their HTML, besides what the page
 * has (`head`): the playground, the editor, the terminal and the compiler are
 * fetched and parsed while the docs' own code starts, instead of one after
 * another once the page has rendered. Empty for every other page, and in
 * `npm run dev`.
 */
export function playgroundPreloads(pagePath: string, base: string, head: HeadConfig[]): HeadConfig[] {
  if (!isPlaygroundPath(`/${pagePath.replace(/\.md$/, '')}`)) return []
  const present = new Set(head.map(([, attributes]) => attributes.href))
  return playgroundModules
    .map(file => `${base}${file}`)
    .filter(href => !present.has(href))
    .map((href): HeadConfig => ['link', { rel: 'modulepreload', href }])
}

/** An element of the page's head, as VitePress gives it: tag, attributes, content. */
type HeadConfig = [string, Record<string, string>] | [string, Record<string, string>, string]

/** What the preloads need of a chunk of the bundle (Rollup's or Rolldown's alike). */
interface OutputChunk {
  type: string
  fileName: string
  moduleIds: string[]
  imports: string[]
}

/** The chunk of Playground.vue, the chunks it imports at once and those of the editor, terminal and compiler it loads on mount, with their imports. */
function modulesLoadedAtOnce(bundle: Record<string, { type: string; fileName: string }>): string[] {
  const chunks = Object.values(bundle).filter((chunk): chunk is OutputChunk => chunk.type === 'chunk')
  const byModule = (suffix: string) => chunks.find(chunk => chunk.moduleIds.some(id => id.endsWith(suffix)))
  const found = new Set<string>()
  const add = (chunk: OutputChunk | undefined): void => {
    if (!chunk || found.has(chunk.fileName)) return
    found.add(chunk.fileName)
    for (const name of chunk.imports) add(chunks.find(c => c.fileName === name))
  }
  for (const suffix of ['/playground/src/Playground.vue', '/playground/src/monaco.ts', '/playground/src/terminal.ts', '/playground/src/compile.mjs'])
    add(byModule(suffix))
  return [...found]
}

/**
 * In `npm run dev`: the local runtime's endpoints and the isolation headers of
 * the playground pages. In the build: the service worker that isolates the
 * playground on static hosts that cannot set headers, and the list of modules
 * its pages preload.
 */
export function playgroundPlugin(options: { packageDir: string }): Plugin {
  /** VitePress bundles twice: for the browser, and for rendering the pages (SSR), which ships nothing. */
  let ssr = false
  return {
    name: 'liteyuki-comm-playground',
    configResolved(config) {
      ssr = Boolean(config.build.ssr)
    },
    configureServer(server) {
      const runtime = createLocalRuntimeServer({ packageDir: options.packageDir })
      server.middlewares.use((request, response, next) => {
        const isPage = (request.headers.accept ?? '').includes('text/html')
        for (const [name, value] of Object.entries(isolationHeaders(request.url ?? '/', isPage))) response.setHeader(name, value)
        runtime.handle(request, response).then(handled => {
          if (!handled) next()
        }, next)
      })
      server.httpServer?.once('close', () => runtime.close())
    },
    generateBundle(_, bundle) {
      if (ssr) return
      playgroundModules = modulesLoadedAtOnce(bundle)
      const source = readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'))
      this.emitFile({ type: 'asset', fileName: 'coi-serviceworker.js', source })
    },
  }
}

/**
 * The packages the playground imports, for Vite's optimizer to bundle before
 * the first page is served. Found only when the playground first imports them
 * (after the editor's dynamic imports), they would make the dev server reload
 * the page once they are bundled, on every first visit with an empty cache.
 */
export const playgroundDependencies = [
  'monaco-editor/esm/nls.messages.zh-cn.js',
  '@xterm/xterm',
  '@xterm/addon-fit',
  '@webcontainer/api',
  'lz-string',
  'sucrase',
]
