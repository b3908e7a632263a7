/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// Monaco's Chinese UI strings: the module sets them on globalThis when loaded.
declare module 'monaco-editor/esm/nls.messages.zh-cn.js' {}

// The editor core with the TypeScript language alone, from server/monaco-plugin.ts: the editor API of the full entry, its other languages excepted.
declare module 'virtual:monaco-editor' {
  export * from 'monaco-editor'
}

// Monaco's prebuilt editor and TypeScript workers, from server/monaco-plugin.ts.
declare module 'virtual:monaco-workers' {
  export const editorWorkerUrl: string
  export const typeScriptWorkerUrl: string
}

// liteyuki-comm's build, from server/vite-plugin.ts (libraryPlugin).
declare module 'virtual:liteyuki-comm-library' {
  /** The build's JavaScript, by path inside dist/esm. */
  export const code: Record<string, string>
  /** The build's declarations, by path inside dist/esm. */
  export const declarations: Record<string, string>
  export const packageJson: string
}
