// Plain JavaScript so that Node.js scripts (npm run example, the benchmarks)
// run it as it is; its types are in compile.d.mts.
import { transform } from 'sucrase'

/**
 * The reader's TypeScript as the JavaScript a Run executes: the types taken
 * out and nothing else changed, every line where it was (so a stack trace's
 * line numbers are the editor's). Imports used only as types go, as
 * TypeScript drops them. Sucrase does this in milliseconds on the page, so a
 * Run never waits for the type checker, whose worker only checks and
 * completes. A syntax error throws, naming the file, line and column.
 */
export function compile(name, source) {
  return transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: name }).code
}

/** Sources by file name to the files a run executes: `main.ts` becomes `main.js`; other files are kept as they are. */
export function compileFiles(sources) {
  return Object.fromEntries(
    Object.entries(sources).map(([name, source]) => (name.endsWith('.ts') ? [name.replace(/\.ts$/, '.js'), compile(name, source)] : [name, source])),
  )
}
