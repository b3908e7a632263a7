// Mermaid's prebuilt ES module (Diagram.vue) has the API of the package's entry.
declare module 'mermaid/dist/mermaid.esm.min.mjs' {
  export { default } from 'mermaid'
}
