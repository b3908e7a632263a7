import type { DefaultTheme, LocaleSpecificConfig } from 'vitepress'
import { editPattern } from './repository.js'

/** The page tree, the same in both languages; titles per language. */
const guide = [
  ['introduction', 'Introduction', '简介'],
  ['getting-started', 'Getting started', '快速上手'],
  ['channels', 'Channels', '通道'],
  ['process-management', 'Process management', '进程管理'],
  ['shared-memory', 'Shared memory', '共享内存'],
  ['pubsub', 'Publish / subscribe', '发布 / 订阅'],
  ['delivery', 'Delivery guarantees', '投递保证'],
  ['cluster', 'Beyond one machine', '跨越单机：集群'],
  ['serialization', 'Serialization and errors', '序列化与错误'],
  ['performance', 'Performance', '性能'],
  ['security', 'Security model', '安全模型'],
  ['migration', 'Migrating from Python', '从 Python 迁移'],
  ['debugging', 'Debugging', '调试'],
  ['troubleshooting', 'Troubleshooting / FAQ', '故障排查 / 常见问题'],
  ['comparison', 'Comparison', '对比'],
  ['glossary', 'Glossary', '术语表'],
  ['changelog', 'Changelog', '更新日志'],
] as const

/** Recipes: whole programs for patterns most programs need. */
const recipes = [
  ['request-response', 'Request and response', '请求与响应'],
  ['typed-payloads', 'Typed payloads', '带类型的消息'],
  ['worker-pool', 'A worker pool', '工作进程池'],
] as const

/** The API reference, one page per concept. */
const api = [
  ['bot', 'Bot and processes', 'Bot 与进程'],
  ['channels', 'Channels', '通道'],
  ['shared-memory', 'Shared memory and pub/sub', '共享内存与发布 / 订阅'],
  ['transports', 'Transports and serialization', '传输层与序列化'],
  ['cluster', 'Cluster', '集群'],
  ['testing', 'Testing kit', '测试工具包'],
  ['errors', 'Errors', '错误'],
  ['types', 'Types', '类型'],
] as const

function sidebar(prefix: string, zh: boolean): DefaultTheme.Sidebar {
  return [
    {
      text: zh ? '指南' : 'Guide',
      items: guide.map(([slug, en, cn]) => ({ text: zh ? cn : en, link: `${prefix}/guide/${slug}` })),
    },
    {
      text: zh ? '实用范例' : 'Recipes',
      link: `${prefix}/recipes/`,
      items: recipes.map(([slug, en, cn]) => ({ text: zh ? cn : en, link: `${prefix}/recipes/${slug}` })),
    },
    {
      text: zh ? '参考' : 'Reference',
      items: [
        {
          text: zh ? 'API 参考' : 'API reference',
          link: `${prefix}/api/`,
          items: api.map(([slug, en, cn]) => ({ text: zh ? cn : en, link: `${prefix}/api/${slug}` })),
        },
        // A full page load: the playground page has its own isolation headers.
        { text: zh ? '演练场' : 'Playground', link: `${prefix}/playground`, target: '_self' },
      ],
    },
  ]
}

export const en: LocaleSpecificConfig<DefaultTheme.Config> = {
  lang: 'en-US',
  description: 'Channels, shared memory and publish/subscribe between Node.js processes.',
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/introduction', activeMatch: '/guide/' },
      { text: 'Recipes', link: '/recipes/', activeMatch: '/recipes/' },
      { text: 'API', link: '/api/', activeMatch: '/api/' },
      { text: 'Playground', link: '/playground', target: '_self' },
    ],
    sidebar: sidebar('', false),
    editLink: { pattern: editPattern, text: 'Edit this page' },
    footer: { message: 'Released under the MIT License.' },
  },
}

export const zh: LocaleSpecificConfig<DefaultTheme.Config> = {
  lang: 'zh-CN',
  description: 'Node.js 进程之间的通道、共享内存与发布/订阅。',
  themeConfig: {
    nav: [
      { text: '指南', link: '/zh/guide/introduction', activeMatch: '/zh/guide/' },
      { text: '实用范例', link: '/zh/recipes/', activeMatch: '/zh/recipes/' },
      { text: 'API', link: '/zh/api/', activeMatch: '/zh/api/' },
      { text: '演练场', link: '/zh/playground', target: '_self' },
    ],
    sidebar: sidebar('/zh', true),
    editLink: { pattern: editPattern, text: '在 GitHub 上编辑此页' },
    footer: { message: '基于 MIT 许可发布。' },
    outline: { label: '本页目录' },
    docFooter: { prev: '上一页', next: '下一页' },
    lastUpdated: { text: '最后更新于' },
    darkModeSwitchLabel: '外观',
    lightModeSwitchTitle: '切换到浅色模式',
    darkModeSwitchTitle: '切换到深色模式',
    sidebarMenuLabel: '菜单',
    returnToTopLabel: '回到顶部',
    langMenuLabel: '切换语言',
    skipToContentLabel: '跳转到内容',
    notFound: {
      title: '页面未找到',
      quote: '这个页面不存在，或者已经搬走了。',
      linkLabel: '前往首页',
      linkText: '返回首页',
      code: '404',
    },
  },
}

export const zhSearchTranslations = {
  button: { buttonText: '搜索', buttonAriaLabel: '搜索' },
  modal: {
    displayDetails: '显示详细列表',
    resetButtonTitle: '清除查询',
    backButtonTitle: '关闭搜索',
    noResultsText: '没有找到结果',
    footer: {
      selectText: '选择',
      selectKeyAriaLabel: '回车',
      navigateText: '切换',
      navigateUpKeyAriaLabel: '上箭头',
      navigateDownKeyAriaLabel: '下箭头',
      closeText: '关闭',
      closeKeyAriaLabel: 'Esc',
    },
  },
}
