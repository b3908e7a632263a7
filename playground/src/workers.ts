import { editorWorkerUrl, typeScriptWorkerUrl } from 'virtual:monaco-workers'

/**
 * A worker whose script is a same-origin blob that imports the real one. Where
 * a service worker isolates the page (hosts without headers), the workers'
 * own URLs lie outside its scope and would be refused for lacking COEP; a blob
 * worker takes the page's policy instead, and its imports need none.
 */
function isolatedWorker(url: string, name: string): Worker {
  const absolute = new URL(url, location.href).href
  const blob = new Blob([`import ${JSON.stringify(absolute)}\n`], { type: 'text/javascript' })
  return new Worker(URL.createObjectURL(blob), { type: 'module', name })
}

let allow!: () => void
const allowed = new Promise<void>(resolve => {
  allow = resolve
})

/**
 * Lets TypeScript's worker start. Until then the editor's requests for it
 * wait: its 7 MB script and first check take seconds of CPU, which the page
 * gives to loading the editor and to Runs first (Playground.vue says when).
 */
export function allowTypeScript(): void {
  allow()
}

/** The worker the editor asks for by label: TypeScript's once allowed, or the editor's own. */
export function editorWorker(label: string): Worker | Promise<Worker> {
  if (label !== 'typescript' && label !== 'javascript') return isolatedWorker(editorWorkerUrl, 'editor.worker')
  return allowed.then(() => isolatedWorker(typeScriptWorkerUrl, 'ts.worker'))
}
