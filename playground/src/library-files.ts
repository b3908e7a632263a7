import { code, declarations, packageJson } from 'virtual:liteyuki-comm-library'

/**
 * liteyuki-comm's own build, bundled into the playground: mounted as
 * node_modules/liteyuki-comm in the runtime (no npm install there), and its
 * declarations given to the editor for completion and type errors. Keyed by
 * the path inside dist/esm (`api/channel.js`): the build is grouped in
 * folders. The module comes from server/vite-plugin.ts (libraryPlugin).
 */
export const libraryPackageJson: string = packageJson
export const libraryCode: Record<string, string> = code
export const libraryDeclarations: Record<string, string> = declarations
