import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'comm',
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // Tests fork real processes; these bounds are for hangs, not for speed.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: {
      enabled: true,
      include: ['test/**/*.test-d.ts'],
      tsconfig: './test/tsconfig.json',
    },
  },
})
