import { defineAsyncComponent } from 'vue'
import { inBrowser, type Theme } from 'vitepress'
import DefaultTheme from 'vitepress/theme'
import { isPlaygroundPath } from '../../playground/src/pages'
import './style.css'
import BenchmarkChart from './components/BenchmarkChart.vue'
import BenchmarkTable from './components/BenchmarkTable.vue'
import PlaygroundLink from './components/PlaygroundLink.vue'

export default {
  extends: DefaultTheme,
  enhanceApp({ app, router }) {
    app.component('BenchmarkChart', BenchmarkChart)
    app.component('BenchmarkTable', BenchmarkTable)
    app.component('PlaygroundLink', PlaygroundLink)
    // Loaded only where used, so no other page carries the editor or the runtime.
    app.component('Playground', defineAsyncComponent(() => import('../../playground/src/Playground.vue')))

    if (inBrowser) {
      // Isolation comes with the document, so a route that enters or leaves the
      // playground loads the page fully: links in prose, the sidebar, the pager
      // and the back button alike. So does a language switch on the playground,
      // since the editor takes its language when it loads.
      const page = (pathname: string): string => pathname.replace(/(?:\/index)?\.html$|\/$/, '')
      const documentPath = page(location.pathname)
      const documentIsPlayground = isPlaygroundPath(documentPath)
      router.onBeforePageLoad = (href) => {
        const target = new URL(href, location.href)
        // The first render of this document comes through here too.
        if (page(target.pathname) === documentPath) return
        if (!documentIsPlayground && !isPlaygroundPath(target.pathname)) return
        if (target.href === location.href) location.reload()
        else location.assign(target.href)
        return false
      }
    }
  },
} satisfies Theme
