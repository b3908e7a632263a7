import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['packages/comm', 'test'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
