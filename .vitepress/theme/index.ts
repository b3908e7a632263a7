import { defineAsyncComponent } from 'vue'
import type { Theme } from 'vitepress'
import DefaultTheme from 'vitepress/theme'
import './style.css'
import BenchmarkChart from './components/BenchmarkChart.vue'
import BenchmarkTable from './components/BenchmarkTable.vue'
import PlaygroundLink from './components/PlaygroundLink.vue'

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('BenchmarkChart', BenchmarkChart)
    app.component('BenchmarkTable', BenchmarkTable)
    app.component('PlaygroundLink', PlaygroundLink)
    // Loaded only where used, so no other page carries the editor or the runtime.
    app.component('Playground', defineAsyncComponent(() => import('../../playground/src/Playground.vue')))
  },
} satisfies Theme
