import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build, type Plugin as EsbuildPlugin } from 'esbuild'
import type { Plugin } from 'vite'
import { styleModule } from './style-module'

const require = createRequire(import.meta.url)
const monacoDir = dirname(require.resolve('monaco-editor/package.json'))

const EDITOR = 'virtual:monaco-editor'
const WORKERS = 'virtual:monaco-workers'

/** The editor core, the TypeScript language and its highlighting: the `monaco-editor` entry would also bring CSS, HTML and JSON support the playground never uses. */
const editorEntry = `
export * from ${JSON.stringify(join(monacoDir, 'esm/vs/editor/edcore.main.js'))}
export * as typescript from ${JSON.stringify(join(monacoDir, 'esm/vs/language/typescript/monaco.contribution.js'))}
import ${JSON.stringify(join(monacoDir, 'esm/vs/basic-languages/typescript/typescript.contribution.js'))}
`

/** Where the TypeScript language would build its own copy of the worker, had it no MonacoEnvironment.getWorker to ask. */
const OWN_WORKER = `new Worker(new URL('ts.worker.js', import.meta.url), { type: "module" })`

/** Monaco's stylesheets become modules (style-module.ts); the workers come prebuilt (below), so the language's fallback is never called. */
const monacoSources: EsbuildPlugin = {
  name: 'liteyuki-comm-playground:monaco-sources',
  setup(esbuild) {
    esbuild.onResolve({ filter: /\?url$/ }, ({ path }) => ({ path, external: true }))
    esbuild.onLoad({ filter: /\.css$/ }, ({ path }) => ({ contents: styleModule(path), loader: 'js' }))
    esbuild.onLoad({ filter: /[/\\]language[/\\]typescript[/\\]workerManager\.js$/ }, ({ path }) => {
      const code = readFileSync(path, 'utf8')
      if (!code.includes(OWN_WORKER)) throw new Error(`monacoPlugin: ${path} no longer creates its worker as ${OWN_WORKER}`)
      return { contents: code.replace(OWN_WORKER, 'null'), loader: 'js' }
    })
  },
}

/** The editor as one ES module, bundled by esbuild on its own. */
async function bundleEditor(): Promise<string> {
  const result = await build({
    stdin: { contents: editorEntry, resolveDir: monacoDir, loader: 'js' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    plugins: [monacoSources],
  })
  return result.outputFiles[0]!.text
}

/** The worker scripts Monaco ships already bundled and minified, by the name their file starts with. */
function prebuiltWorker(name: 'editor.worker' | 'ts.worker'): string {
  const folder = join(monacoDir, 'min/vs/assets')
  const file = readdirSync(folder).find(entry => entry.startsWith(`${name}-`) && entry.endsWith('.js'))
  if (!file) throw new Error(`monacoPlugin: monaco-editor has no prebuilt ${name} in ${folder}`)
  return join(folder, file)
}

/**
 * Monaco as the playground loads it. `virtual:monaco-editor` is the editor,
 * bundled by esbuild alone when the server or the build starts;
 * `virtual:monaco-workers` exports the URLs of the workers Monaco ships
 * prebuilt, copied as they are.
 *
 * Left to Vite, Monaco's 1,500 modules went through the dependency optimizer
 * that every page of `npm run dev` waits for, where they doubled the first
 * visit's wait; and the 7 MB TypeScript worker, bundled twice from its
 * sources (`?worker&url` and the language's own `new Worker(new URL(…))`),
 * took more than half of the site's build.
 */
export function monacoPlugin(): Plugin {
  let editor: Promise<string> | undefined
  const bundled = (): Promise<string> => (editor ??= bundleEditor())
  return {
    name: 'liteyuki-comm-playground:monaco',
    // The dev server starts bundling at once, while the reader's first page loads.
    configureServer() {
      void bundled().catch(() => {})
    },
    resolveId: source => (source === EDITOR || source === WORKERS ? `\0${source}` : null),
    load(id) {
      if (id === `\0${EDITOR}`) return bundled()
      if (id !== `\0${WORKERS}`) return null
      const url = (file: string) => JSON.stringify(`${file}?url`)
      return `import editorWorkerUrl from ${url(prebuiltWorker('editor.worker'))}
import typeScriptWorkerUrl from ${url(prebuiltWorker('ts.worker'))}
export { editorWorkerUrl, typeScriptWorkerUrl }`
    },
  }
}
