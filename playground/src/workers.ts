import editorWorkerUrl from 'monaco-editor/esm/vs/editor/editor.worker?worker&url'
import tsWorkerUrl from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker&url'

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

let early: Worker | undefined

/**
 * Starts TypeScript's worker before the editor asks for it: its 7 MB script
 * is fetched and compiled on its own thread while the editor loads on the
 * page's, rather than after it. It waits for the editor's first message.
 */
export function startTypeScriptWorker(): void {
  early ??= isolatedWorker(tsWorkerUrl, 'ts.worker')
}

/** The worker the editor asks for by label: TypeScript's (the one started early, if any) or the editor's own. */
export function editorWorker(label: string): Worker {
  if (label !== 'typescript' && label !== 'javascript') return isolatedWorker(editorWorkerUrl, 'editor.worker')
  const worker = early ?? isolatedWorker(tsWorkerUrl, 'ts.worker')
  // Once only: a worker the editor stopped (it does when idle) is not handed out again.
  early = undefined
  return worker
}
