import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // Tests start real Redis servers; these bounds are for hangs, not for speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
