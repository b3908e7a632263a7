// The editor core and the TypeScript language, bundled apart from the site (server/monaco-plugin.ts).
import type * as Monaco from 'monaco-editor'
import * as monaco from 'virtual:monaco-editor'
import { editorCompilerOptions } from './editor-options'
import { libraryDeclarations, libraryPackageJson } from './library-files'
import nodeGlobals from './node-globals.d.ts?raw'
import { allowTypeScript, editorWorker } from './workers'

const ts: typeof Monaco.typescript = monaco.typescript

self.MonacoEnvironment = { getWorker: (_, label) => editorWorker(label) }

// Turning type checking on restarts TypeScript's worker, and Monaco then
// rejects the requests still waiting for it with its CancellationError
// (name and message 'Canceled'). Monaco's own error handler ignores that
// error, but rejections of some of its language features' promises reach the
// page unhandled: they are the editor's business, not an error of the page.
self.addEventListener('unhandledrejection', event => {
  const reason = event.reason as { name?: unknown; message?: unknown } | null | undefined
  if (reason?.name === 'Canceled' && reason.message === 'Canceled') event.preventDefault()
})

ts.typescriptDefaults.setCompilerOptions({
  ...editorCompilerOptions,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
})
ts.typescriptDefaults.setEagerModelSync(true)
// No model is checked until startTypeChecker() says so: the first check starts TypeScript, seconds of CPU.
const NO_DIAGNOSTICS = { noSemanticValidation: true, noSyntaxValidation: true, noSuggestionDiagnostics: true }
ts.typescriptDefaults.setDiagnosticsOptions(NO_DIAGNOSTICS)

// liteyuki-comm's own declarations, where TypeScript looks for an installed package.
const root = 'file:///node_modules/liteyuki-comm'
for (const [name, text] of Object.entries(libraryDeclarations)) ts.typescriptDefaults.addExtraLib(text, `${root}/dist/esm/${name}`)
ts.typescriptDefaults.addExtraLib(libraryPackageJson, `${root}/package.json`)
ts.typescriptDefaults.addExtraLib(`export * from './dist/esm/storage.js'\n`, `${root}/storage.d.ts`)
ts.typescriptDefaults.addExtraLib(nodeGlobals, 'file:///node-globals.d.ts')

export { monaco }

// vs-dark's comments are 4.2:1 on its background; these keep every token above 4.5:1.
monaco.editor.defineTheme('playground-dark', { base: 'vs-dark', inherit: true, rules: [{ token: 'comment', foreground: '7CA668' }], colors: {} })

/** The editor's theme for the site's appearance. */
export const editorTheme = (dark: boolean): string => (dark ? 'playground-dark' : 'vs')

let generation = 0

/** Starts a new set of files: the TypeScript worker mirrors models asynchronously, so a reused URI could check stale text. */
export function nextGeneration(): void {
  generation++
}

export function createModel(name: string, source: string): monaco.editor.ITextModel {
  return monaco.editor.createModel(source, 'typescript', monaco.Uri.parse(`file:///files-${generation}/${name}`))
}

/**
 * The TypeScript worker, synced with the given models. The language registers
 * itself a moment after its first model appears, and asking before that is
 * refused ("TypeScript not registered!"), so a refusal is asked again.
 */
async function typeScriptWorker(...uris: monaco.Uri[]): Promise<monaco.typescript.TypeScriptWorker> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await (
        await ts.getTypeScriptWorker()
      )(...uris)
    } catch (error) {
      if (attempt === 200) throw error
      await new Promise(resolve => setTimeout(resolve, 25))
    }
  }
}

/**
 * Starts TypeScript's worker, turns type checking on and waits for the first
 * check of the given models: from then on, type errors come as the reader
 * types, and hover and completion answer (until then they wait for it). Runs
 * do not wait for it (compile.ts).
 */
export async function startTypeChecker(models: monaco.editor.ITextModel[]): Promise<void> {
  allowTypeScript()
  // Every model is checked from now on, these at once.
  ts.typescriptDefaults.setDiagnosticsOptions({ ...NO_DIAGNOSTICS, noSemanticValidation: false, noSyntaxValidation: false, noSuggestionDiagnostics: false })
  const worker = await typeScriptWorker(...models.map(model => model.uri))
  await Promise.all(models.map(model => worker.getSemanticDiagnostics(model.uri.toString())))
}

export interface Problem {
  file: string
  line: number
  column: number
  message: string
}

/** Calls back with the type errors of the given models whenever TypeScript reports. */
export function watchProblems(models: () => Iterable<monaco.editor.ITextModel>, onProblems: (problems: Problem[]) => void): monaco.IDisposable {
  return monaco.editor.onDidChangeMarkers(() => {
    const problems: Problem[] = []
    for (const model of models()) {
      for (const marker of monaco.editor.getModelMarkers({ resource: model.uri })) {
        if (marker.severity !== monaco.MarkerSeverity.Error) continue
        problems.push({ file: model.uri.path.split('/').pop()!, line: marker.startLineNumber, column: marker.startColumn, message: marker.message })
      }
    }
    onProblems(problems)
  })
}
