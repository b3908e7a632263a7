import type { UnavailableReason } from './runtime'

const en = {
  example: 'Example',
  run: 'Run',
  stop: 'Stop',
  reset: 'Reset',
  share: 'Copy link',
  copied: 'Link copied',
  copyFailed: 'Copy the address bar',
  errorLabel: 'playground',
  runtime: 'Runtime',
  runtimes: { webcontainer: 'WebContainer (in the browser)', local: 'Local (the dev server\'s Node.js)' },
  files: 'Files',
  output: 'Output',
  problems: 'Type errors',
  status: {
    booting: 'Starting the runtime…',
    ready: 'Ready. Press Run.',
    compiling: 'Compiling…',
    running: 'Running…',
    exited: (code: number | null) => (code === null ? 'Stopped.' : `Exited with code ${code}.`),
    stopped: 'Stopped.',
    failed: 'The run failed.',
    unavailable: 'Cannot run here.',
  },
  unavailable: {
    title: 'The in-browser runtime cannot start here',
    reasons: {
      'not-isolated': 'This page is not cross-origin isolated, which WebContainers need. The site\'s host must send the Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers for this page; if it cannot, reload once to let the service worker add them.',
      'unsupported': 'This browser does not support WebContainers (it lacks SharedArrayBuffer). Try a recent Chromium-based browser, Firefox or Safari.',
      'timeout': 'The WebContainer did not start in time. It needs to reach StackBlitz\'s servers; a firewall or being offline stops it.',
      'failed': 'The WebContainer failed to start.',
      'local-unreachable': 'The dev server\'s local runtime did not answer. Is `npm run dev` still running?',
    } satisfies Record<UnavailableReason, string>,
    retry: 'Try again',
    local: (files: string) => `You can still edit the code here. To run it on your machine with Node.js 18 or newer, save ${files} into a new folder and run there:`,
  },
}

const zh: typeof en = {
  example: '示例',
  run: '运行',
  stop: '停止',
  reset: '重置',
  share: '复制链接',
  copied: '链接已复制',
  copyFailed: '请复制地址栏',
  errorLabel: '演练场',
  runtime: '运行环境',
  runtimes: { webcontainer: 'WebContainer（浏览器内）', local: '本地（开发服务器的 Node.js）' },
  files: '文件',
  output: '输出',
  problems: '类型错误',
  status: {
    booting: '正在启动运行环境……',
    ready: '准备就绪，请点击运行。',
    compiling: '正在编译……',
    running: '正在运行……',
    exited: (code: number | null) => (code === null ? '已停止。' : `已退出，退出码 ${code}。`),
    stopped: '已停止。',
    failed: '运行失败。',
    unavailable: '无法在此运行。',
  },
  unavailable: {
    title: '浏览器内的运行环境无法在此启动',
    reasons: {
      'not-isolated': '此页面没有启用跨源隔离，而 WebContainer 需要它。网站的托管方必须为此页面发送 Cross-Origin-Opener-Policy 和 Cross-Origin-Embedder-Policy 响应头；如果做不到，请刷新一次页面，由 Service Worker 添加这些响应头。',
      'unsupported': '此浏览器不支持 WebContainer（缺少 SharedArrayBuffer）。请使用较新的 Chromium 内核浏览器、Firefox 或 Safari。',
      'timeout': 'WebContainer 未能及时启动。它需要连接 StackBlitz 的服务器，防火墙或离线状态会阻止它。',
      'failed': 'WebContainer 启动失败。',
      'local-unreachable': '开发服务器的本地运行环境没有响应。`npm run dev` 是否仍在运行？',
    },
    retry: '重试',
    local: (files: string) => `你仍然可以在这里编辑代码。要在你的电脑上用 Node.js 18 或更高版本运行它，请把 ${files} 保存到一个新文件夹中，然后在那里运行：`,
  },
}

export const texts = { en, zh }
export type Texts = typeof en
