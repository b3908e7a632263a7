/**
 * The editor's TypeScript options besides target, module and resolution
 * (ESNext, ESNext, Node10 by Monaco's own enums in monaco.ts). Node.js code
 * has no DOM: the standard library is ESNext's alone, and node-globals.d.ts
 * declares what Node.js adds. A test type-checks the examples with these.
 */
export const editorCompilerOptions = {
  lib: ['lib.esnext.d.ts'],
  strict: true,
  allowNonTsExtensions: true,
  skipLibCheck: true,
}
