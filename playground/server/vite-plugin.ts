import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'
import { isPlaygroundPath } from '../src/pages'
import { createLocalRuntimeServer } from './local-runtime-server'

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

const MONACO_CSS = '\0liteyuki-monaco-css:'

/**
 * VitePress bundles every imported stylesheet into the one all pages load.
 * Monaco's and xterm.js's stylesheets instead become modules that add them at
 * run time, so they travel with the playground and reach no other page.
 */
export function monacoCssPlugin(): Plugin {
  return {
    name: 'liteyuki-comm-playground:monaco-css',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.css') || !(importer?.includes('monaco-editor') || source.startsWith('@xterm/'))) return null
      const resolved = await this.resolve(source, importer, { skipSelf: true })
      // The trailing .js keeps Vite's CSS pipeline from claiming the id.
      return resolved ? `${MONACO_CSS}${resolved.id}.js` : null
    },
    load(id) {
      if (!id.startsWith(MONACO_CSS)) return null
      const file = id.slice(MONACO_CSS.length, -'.js'.length)
      // url() of fonts and images resolve against the page once inlined: import them as assets instead.
      const imports: string[] = []
      const parts = readFileSync(file, 'utf8').split(/url\((['"]?)(?!data:)([^'")]+)\1\)/)
      let text = JSON.stringify(parts[0])
      for (let i = 1; i < parts.length; i += 3) {
        imports.push(`import asset${imports.length} from ${JSON.stringify(`${join(dirname(file), parts[i + 1]!)}?url`)}`)
        text += ` + "url(" + asset${imports.length - 1} + ")" + ${JSON.stringify(parts[i + 2])}`
      }
      return `${imports.join('\n')}
if (typeof document !== 'undefined') {
  const style = document.createElement('style')
  style.dataset.monaco = ''
  style.textContent = ${text}
  document.head.append(style)
}`
    },
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

const LIBRARY_ID = 'virtual:liteyuki-comm-library'
const RESOLVED_LIBRARY_ID = `\0${LIBRARY_ID}`

/** Every file under `dir`, by its path relative to it with forward slashes. */
function filesUnder(dir: string, keep: (path: string) => boolean): Record<string, string> {
  const found: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const key = relative(dir, path).split(sep).join('/')
    if (keep(key)) found[key] = readFileSync(path, 'utf8')
  }
  return found
}

/**
 * liteyuki-comm's build as one module (`virtual:liteyuki-comm-library`): its
 * code for the WebContainer and its declarations for the editor. The dev
 * server does not watch it as the page's own source: a rebuild of the package
 * (`npm run example`, `npm run docs:build`) must not reload an open
 * playground and lose its output. The module is only marked stale, so the
 * next page load gets the new build; the local runtime runs the package
 * folder itself, so the next Run there uses the new build at once.
 */
export function libraryPlugin(options: { packageDir: string }): Plugin {
  const dist = join(options.packageDir, 'dist', 'esm')
  return {
    name: 'liteyuki-comm-playground:library',
    resolveId: id => (id === LIBRARY_ID ? RESOLVED_LIBRARY_ID : null),
    load(id) {
      if (id !== RESOLVED_LIBRARY_ID) return null
      const code = filesUnder(dist, path => path.endsWith('.js') || path.endsWith('.cjs'))
      const declarations = filesUnder(dist, path => path.endsWith('.d.ts'))
      const packageJson = readFileSync(join(options.packageDir, 'package.json'), 'utf8')
      return `export const code = ${JSON.stringify(code)}\nexport const declarations = ${JSON.stringify(declarations)}\nexport const packageJson = ${JSON.stringify(packageJson)}\n`
    },
    configureServer(server) {
      const stale = (file: string): void => {
        if (!file.startsWith(options.packageDir + sep)) return
        const module = server.moduleGraph.getModuleById(RESOLVED_LIBRARY_ID)
        if (module) server.moduleGraph.invalidateModule(module)
      }
      server.watcher.on('add', stale).on('change', stale).on('unlink', stale)
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
  'monaco-editor/esm/vs/editor/edcore.main.js',
  'monaco-editor/esm/vs/language/typescript/monaco.contribution.js',
  'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js',
  'monaco-editor/esm/nls.messages.zh-cn.js',
  '@xterm/xterm',
  '@xterm/addon-fit',
  '@webcontainer/api',
  'lz-string',
  'sucrase',
]
