import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'packages/comm',
      'packages/redis',
      'playground',
      'test',
      // Lint and format checks of the whole repository.
      { test: { name: 'lint', include: ['tools/lint/*.test.ts'], testTimeout: 120_000 } },
    ],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
})
