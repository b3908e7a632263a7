// #region choose
// main.ts
import { getBot, ipcTransport, type TransportFactory } from 'liteyuki-comm'
import { socketTransport } from './socket-transport.js'

// The processes added from now on talk to main over sockets...
const bot = getBot({ transport: socketTransport })
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url))

// ...except this one, which keeps the fork IPC channel.
bot.addProcess('legacy', new URL('./legacy.js', import.meta.url), { transport: ipcTransport })
// #endregion choose

// #region ipc-transport
// The default, named: a process that must use fork IPC whatever getBot() chose.
bot.addProcess('plugins', new URL('./plugins.js', import.meta.url), { transport: ipcTransport })

// A factory that wraps it (here to log each start) needs no childModule:
// the child then connects over fork IPC by itself.
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
