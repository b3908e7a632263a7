import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['packages/comm', 'playground', 'test'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
