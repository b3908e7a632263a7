import { transform } from 'sucrase'

/**
 * The reader's TypeScript as the JavaScript a Run executes: the types taken
 * out and nothing else changed, every line where it was (so a stack trace's
 * line numbers are the editor's). Imports used only as types go, as
 * TypeScript drops them. Sucrase does this in milliseconds on the page, so a
 * Run never waits for the type checker, whose worker only checks and
 * completes. A syntax error throws, naming the file, line and column.
 */
export function compile(name: string, source: string): string {
  return transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: name }).code
}
