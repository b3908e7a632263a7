import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['packages/comm'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
