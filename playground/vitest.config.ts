import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { libraryPlugin } from './server/library-plugin.ts'

export default defineConfig({
  plugins: [libraryPlugin({ packageDir: fileURLToPath(new URL('../packages/comm', import.meta.url)) })],
  test: {
    name: 'playground',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
})
