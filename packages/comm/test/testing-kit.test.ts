// The testing kit as the docs show it: the backend samples of both languages
// run here, against the built package's liteyuki-comm/testing entry.
for (const sample of ['api/testing-backend.ts', 'zh/api/testing-backend.ts']) {
  await import(new URL(`../../../docs/snippets/${sample}`, import.meta.url).href)
}
