import { defineAsyncComponent, h, onMounted } from 'vue'
import { getScrollOffset, inBrowser, type Theme } from 'vitepress'
import DefaultTheme from 'vitepress/theme'
import { isPlaygroundPath } from '../../playground/src/pages'
import './style.css'
import BenchmarkChart from './components/BenchmarkChart.vue'
import BenchmarkTable from './components/BenchmarkTable.vue'
import ClusterBenchmarkTable from './components/ClusterBenchmarkTable.vue'
import Diagram from './components/Diagram.vue'
import PlaygroundLink from './components/PlaygroundLink.vue'
import SourceLink from './components/SourceLink.vue'

/** The same page in the other language (English at /, Chinese at /zh/), on paths without a trailing slash. */
function twin(path: string): string {
  return path === '/zh' || path.startsWith('/zh/') ? path.slice(3) : `/zh${path}`
}

/**
 * `#id` of the section the reader is at: the last heading above the top third
 * of the page below the nav bar, so a heading just scrolled into view counts as
 * being read. '' at the top of the page and above the first heading.
 */
function currentSection(): string {
  if (window.scrollY === 0) return ''
  const top = getScrollOffset()
  const reading = top + (window.innerHeight - top) / 3
  let current = ''
  for (const heading of document.querySelectorAll<HTMLElement>('.vp-doc :is(h2, h3, h4)[id]')) {
    if (heading.getBoundingClientRect().top > reading) break
    current = `#${heading.id}`
  }
  return current
}

/**
 * The search button shows "Ctrl" from CSS but "K" as text, so its visible text
 * reads "SearchK" and no longer contains its accessible name's words (WCAG 2.5.3,
 * label in name). Drawn from CSS like "Ctrl", the "K" stays on screen.
 */
function drawSearchKeyFromCss(): void {
  for (const key of document.querySelectorAll<HTMLElement>('.DocSearch-Button-Key + .DocSearch-Button-Key')) {
    if (!key.textContent) continue
    key.dataset.key = key.textContent
    key.textContent = ''
  }
}

export default {
  extends: DefaultTheme,
  Layout: {
    setup() {
      onMounted(drawSearchKeyFromCss)
      return () => h(DefaultTheme.Layout)
    },
  },
  enhanceApp({ app, router }) {
    app.component('BenchmarkChart', BenchmarkChart)
    app.component('BenchmarkTable', BenchmarkTable)
    app.component('ClusterBenchmarkTable', ClusterBenchmarkTable)
    app.component('Diagram', Diagram)
    app.component('PlaygroundLink', PlaygroundLink)
    app.component('SourceLink', SourceLink)
    // Loaded only where used, so no other page carries the editor or the runtime.
    app.component(
      'Playground',
      defineAsyncComponent(() => import('../../playground/src/Playground.vue')),
    )

    if (inBrowser) {
      // Isolation comes with the document, so a route that enters or leaves the
      // playground loads the page fully: links in prose, the sidebar, the pager
      // and the back button alike. So does a language switch on the playground,
      // since the editor takes its language when it loads.
      const page = (pathname: string): string => pathname.replace(/(?:\/index)?\.html$|\/$/, '')
      const documentPath = page(location.pathname)
      const documentIsPlayground = isPlaygroundPath(documentPath)
      router.onBeforePageLoad = href => {
        const target = new URL(href, location.href)
        // The first render of this document comes through here too.
        if (page(target.pathname) === documentPath) return
        if (!documentIsPlayground && !isPlaygroundPath(target.pathname)) return
        if (target.href === location.href) location.reload()
        else location.assign(target.href)
        return false
      }

      // Both languages give every heading the same anchor, so a language switch
      // can land on the section the reader is at. The switch's own link keeps only
      // an anchor that is in the address, which scrolling does not update.
      // The playground's hash is the reader's edits, not a section: it goes as the link has it.
      router.onBeforeRouteChange = href => {
        const target = new URL(href, location.href)
        if (twin(page(location.pathname)) !== page(target.pathname) || isPlaygroundPath(target.pathname)) return
        const section = currentSection()
        if (section === target.hash) return
        void router.go(target.pathname + target.search + section)
        return false
      }
    }
  },
} satisfies Theme
