import * as monaco from 'monaco-editor'
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker'
import TypeScriptWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker'
import { libraryDeclarations, libraryPackageJson } from './library-files'
import nodeGlobals from './node-globals.d.ts?raw'

self.MonacoEnvironment = {
  getWorker: (_, label) => (label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker()),
}

const ts = monaco.typescript
ts.typescriptDefaults.setCompilerOptions({
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.NodeJs,
  strict: true,
  allowNonTsExtensions: true,
  skipLibCheck: true,
})
ts.typescriptDefaults.setEagerModelSync(true)

// liteyuki-comm's own declarations, where TypeScript looks for an installed package.
const root = 'file:///node_modules/liteyuki-comm'
for (const [name, text] of Object.entries(libraryDeclarations)) ts.typescriptDefaults.addExtraLib(text, `${root}/dist/esm/${name}`)
ts.typescriptDefaults.addExtraLib(libraryPackageJson, `${root}/package.json`)
ts.typescriptDefaults.addExtraLib(`export * from './dist/esm/storage.js'\n`, `${root}/storage.d.ts`)
ts.typescriptDefaults.addExtraLib(nodeGlobals, 'file:///node-globals.d.ts')

export { monaco }

let generation = 0

/** Starts a new set of files: the TypeScript worker mirrors models asynchronously, so a reused URI could compile stale text. */
export function nextGeneration(): void {
  generation++
}

export function createModel(name: string, source: string): monaco.editor.ITextModel {
  return monaco.editor.createModel(source, 'typescript', monaco.Uri.parse(`file:///files-${generation}/${name}`))
}

/** The reader's TypeScript as JavaScript, compiled in the browser by the editor's TypeScript worker. */
export async function compile(model: monaco.editor.ITextModel): Promise<string> {
  const getWorker = await ts.getTypeScriptWorker()
  const worker = await getWorker(model.uri)
  const output = await worker.getEmitOutput(model.uri.toString())
  const js = output.outputFiles.find(file => file.name.endsWith('.js'))
  if (!js) throw new Error(`${model.uri.path.split('/').pop()} could not be compiled.`)
  return js.text
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
