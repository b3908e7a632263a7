import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { Plugin } from 'vite'

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
