import type { Theme } from 'vitepress'
import DefaultTheme from 'vitepress/theme'
import BenchmarkChart from './components/BenchmarkChart.vue'
import BenchmarkTable from './components/BenchmarkTable.vue'
import PlaygroundLink from './components/PlaygroundLink.vue'

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('BenchmarkChart', BenchmarkChart)
    app.component('BenchmarkTable', BenchmarkTable)
    app.component('PlaygroundLink', PlaygroundLink)
  },
} satisfies Theme
