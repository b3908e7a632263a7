// #region choose
// main.ts
import { getBot, ipcTransport, type TransportFactory } from 'liteyuki-comm'
import { socketTransport } from './socket-transport.js'

// 从现在起添加的进程都通过套接字与主进程通信……
const bot = getBot({ transport: socketTransport })
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url))

// ……只有这个除外，它继续使用 fork 的 IPC 管道。
bot.addProcess('legacy', new URL('./legacy.js', import.meta.url), { transport: ipcTransport })
// #endregion choose

// #region ipc-transport
// 默认传输层的名称：不管 getBot() 选了什么，都必须使用 fork IPC 的进程用它。
bot.addProcess('plugins', new URL('./plugins.js', import.meta.url), { transport: ipcTransport })

// 包装它的工厂（这里用来记录每次启动）不需要 childModule：
// 子进程会自己通过 fork IPC 连接。
const loggedIpc: TransportFactory = {
  open(name) {
    console.log(`starting ${name}`)
    return ipcTransport.open(name)
  },
}
bot.addProcess('logged', new URL('./logged.js', import.meta.url), { transport: loggedIpc })
// #endregion ipc-transport

// #region refused
try {
  getBot({ transport: 'socket' as unknown as TransportFactory })
} catch (error) {
  // TypeError: getBot(): transport must be an object with an open() method (a TransportFactory), got a string.
  console.error(error)
}
// #endregion refused
