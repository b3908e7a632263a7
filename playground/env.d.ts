/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// Monaco's Chinese UI strings: the module sets them on globalThis when loaded.
declare module 'monaco-editor/esm/nls.messages.zh-cn.js' {}

// The editor core without the languages the playground does not use; it has the editor API of the full entry (its language namespaces excepted).
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor'
}

// liteyuki-comm's build, from server/vite-plugin.ts (libraryPlugin).
declare module 'virtual:liteyuki-comm-library' {
  /** The build's JavaScript, by path inside dist/esm. */
  export const code: Record<string, string>
  /** The build's declarations, by path inside dist/esm. */
  export const declarations: Record<string, string>
  export const packageJson: string
}
