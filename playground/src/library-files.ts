import packageJson from '../../packages/comm/package.json?raw'

/**
 * liteyuki-comm's own build, bundled into the playground: mounted as
 * node_modules/liteyuki-comm in the runtime (no npm install there), and its
 * declarations given to the editor for completion and type errors.
 */
const code = import.meta.glob<string>(['../../packages/comm/dist/esm/**/*.js', '../../packages/comm/dist/esm/**/*.cjs'], {
  query: '?raw',
  import: 'default',
  eager: true,
})
const declarations = import.meta.glob<string>('../../packages/comm/dist/esm/**/*.d.ts', { query: '?raw', import: 'default', eager: true })

const DIST = '/packages/comm/dist/esm/'

/** Keyed by the path inside dist/esm (`api/channel.js`): the build is grouped in folders. */
const byPath = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([path, text]) => [path.slice(path.indexOf(DIST) + DIST.length), text]))

export const libraryPackageJson: string = packageJson
export const libraryCode: Record<string, string> = byPath(code)
export const libraryDeclarations: Record<string, string> = byPath(declarations)
