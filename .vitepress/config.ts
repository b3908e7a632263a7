import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitepress'
import { libraryPlugin } from '../playground/server/library-plugin'
import { monacoPlugin } from '../playground/server/monaco-plugin'
import { playgroundDependencies, playgroundPlugin, playgroundPreloads, playgroundStylesPlugin } from '../playground/server/vite-plugin'
import { en, zh, zhSearchTranslations } from './locales.js'
import { repository } from './repository.js'
import { tokenize } from './search-tokenize.js'

/** The deployed origin, for the sitemap; set SITE_URL when deploying. */
const siteUrl = (process.env.SITE_URL ?? 'https://liteyuki-comm.example').replace(/\/$/, '')
const packageDir = fileURLToPath(new URL('../packages/comm', import.meta.url))

/** What VitePress's theme and the site's own components import, as Vite's optimizer names them. */
const siteDependencies = [
  'vue',
  'vitepress > @vue/devtools-api',
  'vitepress > @vueuse/core',
  'vitepress > @vueuse/integrations/useFocusTrap',
  'vitepress > mark.js/src/vanilla.js',
  'vitepress > minisearch',
]

export default defineConfig({
  srcDir: 'docs',
  // Vite's cache (its optimized dependencies); VITEPRESS_CACHE_DIR gives a fresh one, as a first clone has.
  cacheDir: process.env.VITEPRESS_CACHE_DIR,
  title: 'liteyuki-comm',
  cleanUrls: true,
  lastUpdated: true,
  head: [['link', { rel: 'icon', href: '/logo.svg', type: 'image/svg+xml' }]],
  // The playground pages fetch their editor from the start, not once the page has rendered.
  transformHead: ({ pageData, siteData, head }) => playgroundPreloads(pageData.relativePath, siteData.base, head),
  // The default pair's comments and some keywords fall below a 4.5:1 contrast on the code-block background.
  markdown: { theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } },
  locales: {
    root: { label: 'English', ...en },
    zh: { label: '简体中文', link: '/zh/', ...zh },
  },
  themeConfig: {
    logo: '/logo.svg',
    socialLinks: [
      { icon: 'github', link: repository },
      { icon: 'npm', link: 'https://www.npmjs.com/package/liteyuki-comm' },
    ],
    search: {
      provider: 'local',
      options: {
        locales: { zh: { translations: zhSearchTranslations } },
        miniSearch: {
          options: { tokenize },
          searchOptions: { combineWith: 'AND' },
        },
      },
    },
  },
  vite: {
    plugins: [playgroundStylesPlugin(), monacoPlugin(), libraryPlugin({ packageDir }), playgroundPlugin({ packageDir })],
    // Every dependency the pages import, bundled once when the server starts: one found later, while the
    // first page loads, makes Vite bundle them all again (and reload the page when the playground found it).
    optimizeDeps: { include: [...siteDependencies, ...playgroundDependencies], exclude: ['mermaid'] },
    worker: { format: 'es' },
    resolve: {
      // The home layout gets a <main> landmark; see the component.
      alias: [{ find: /^.*\/VPHome\.vue$/, replacement: fileURLToPath(new URL('./theme/components/HomeMain.vue', import.meta.url)) }],
    },
    // The built site is not the site's source: \`npm run docs:build\` must not reload the pages of \`npm run dev\`.
    server: { host: 'localhost', watch: { ignored: ['**/.vitepress/dist/**', '**/.vitepress/cache/**'] } },
  },
  sitemap: {
    hostname: siteUrl,
    // Each page lists its other-language twin, so search engines pair them.
    transformItems: items =>
      items.map(item => {
        const path = item.url.replace(/^\/?(zh\/?)?/, '')
        const enUrl = `${siteUrl}/${path}`
        const zhUrl = `${siteUrl}/zh/${path}`
        return {
          ...item,
          links: [
            // The same language tags as the pages' own `lang`.
            { lang: 'en-US', url: enUrl },
            { lang: 'zh-CN', url: zhUrl },
            { lang: 'x-default', url: enUrl },
          ],
        }
      }),
  },
})
