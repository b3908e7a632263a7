import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
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

/**
 * In `npm run dev`: the local runtime's endpoints and the isolation headers of
 * the playground pages. In the build: the service worker that isolates the
 * playground on static hosts that cannot set headers.
 */
export function playgroundPlugin(options: { packageDir: string }): Plugin {
  return {
    name: 'liteyuki-comm-playground',
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
      if (Object.values(bundle).some(chunk => chunk.fileName.includes('.vitepress/.temp'))) return
      const source = readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.min.js'))
      this.emitFile({ type: 'asset', fileName: 'coi-serviceworker.js', source })
    },
  }
}
