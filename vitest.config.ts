import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { libraryPlugin } from './playground/server/library-plugin.ts'

/**
 * The test lanes. Each is a Vitest project; they all run side by side in one
 * pool, because most of the suite waits on processes, servers and a browser
 * rather than on the CPU. `npm run test:fast` runs the first two lanes, which
 * need no build: the rules in-process, and lint, format, types and cycles.
 */

/** In-process tests: a delivery rule, a parser, a markdown check. Milliseconds each, no build. */
const unit = [
  'packages/comm/test/unit/**/*.test.ts',
  'packages/comm/test/readme.test.ts',
  'packages/redis/test/unit/**/*.test.ts',
  'playground/test/unit/**/*.test.ts',
  'playground/test/{output,share,stderr-marks}.test.ts',
  'test/{docs-anchors,docs-cluster-figures,docs-parity,docs-playground-links,search-tokenize,snippets-zh,zh-terms}.test.ts',
]

/** The unit lane needs no build: the package's names resolve to its sources. */
const source = (file: string): string => fileURLToPath(new URL(`packages/comm/src/${file}`, import.meta.url))
const fromSource = [
  { find: /^liteyuki-comm$/, replacement: source('index.ts') },
  { find: /^liteyuki-comm\/storage$/, replacement: source('storage.ts') },
  { find: /^liteyuki-comm\/testing$/, replacement: source('testing/index.ts') },
]

/** Bounds for hangs, not for speed: a loaded 2-core machine is slow. */
const hangs = { testTimeout: 120_000, hookTimeout: 180_000 }

export default defineConfig({
  test: {
    // Workers mostly wait on forked processes, Redis servers and Chromium.
    maxWorkers: 4,
    // expect.poll() waits for a state; its default of one second is a speed
    // requirement in disguise, which a loaded machine fails. This bounds hangs.
    expect: { poll: { timeout: 60_000 } },
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        extends: true,
        resolve: { alias: fromSource },
        // The sources hold a CommonJS TypeScript module (the child's watchdog preload).
        oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
        test: { name: 'unit', include: unit, ...hangs },
      },
      // Lint, format, types and import cycles of the whole repository.
      {
        extends: true,
        // Whole-repository tools: seconds each when the machine is quiet, minutes beside a full run on 2 cores.
        test: { name: 'lint', include: ['tools/lint/*.test.ts'], ...hangs, testTimeout: 10 * 60_000 },
      },
      {
        extends: true,
        // The library with real forked processes, against its build.
        test: {
          name: 'comm',
          root: 'packages/comm',
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**', 'test/readme.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          ...hangs,
        },
      },
      // Clusters over real Redis servers the tests start.
      { extends: true, test: { name: 'redis', root: 'packages/redis', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'], ...hangs } },
      {
        extends: true,
        // The playground's runtimes and compiler, with real processes; the library's build as the page gets it.
        plugins: [libraryPlugin({ packageDir: fileURLToPath(new URL('packages/comm', import.meta.url)) })],
        test: {
          name: 'playground',
          root: 'playground',
          include: ['test/*.test.ts'],
          exclude: ['test/{output,share,stderr-marks}.test.ts'],
          ...hangs,
        },
      },
      {
        extends: true,
        // The built site in Chromium, the dev server, and the checks of the docs against the build.
        test: {
          name: 'site',
          root: 'test',
          include: ['*.test.ts'],
          exclude: ['{docs-anchors,docs-cluster-figures,docs-parity,docs-playground-links,search-tokenize,snippets-zh,zh-terms}.test.ts'],
          globalSetup: ['./global-setup.ts'],
          ...hangs,
          // A test that walks every page in Chromium, and a hook that waits for
          // the site build, take minutes on a loaded machine: bounds for hangs.
          testTimeout: 10 * 60_000,
          hookTimeout: 25 * 60_000,
        },
      },
    ],
  },
})
