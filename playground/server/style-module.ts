import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * A stylesheet as a JavaScript module that adds it to the page when run, so it
 * travels with the code that imports it instead of joining the stylesheet
 * every page loads. Its `url()`s become `?url` imports, which the bundler
 * turns into assets: inlined as they are, they would resolve against the page.
 */
export function styleModule(file: string): string {
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
  style.dataset.playground = ''
  style.textContent = ${text}
  document.head.append(style)
}`
}
