import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'site',
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
    // Building the site and driving a browser take time; the bound is for hangs.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
})
