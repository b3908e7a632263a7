import { getBot } from 'liteyuki-comm'

const bot = getBot()

// #region add
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url), {
  args: ['--port', '8080'], // 子进程脚本的参数
  execArgv: ['--enable-source-maps'], // 子进程 node 的启动选项
  env: { ...process.env, BOT_ENV: 'production' },
  stdio: 'prefix', // 每行输出显示为 "[nonebot] ..."
  restart: 'on-failure', // 'never' | 'on-failure'（默认） | 'always'
  maxRestarts: 5, // 允许的自动重启次数（默认 5）
  restartDelay: 500, // 自动重启前等待的毫秒数（默认 500）
  stopTimeout: 5000, // 正常停止最多可用的毫秒数，超时则 SIGKILL（默认 5000）
  maxQueue: 10_000, // 'nonebot-active' 和 'nonebot-passive' 的队列上限
})
// #endregion add

// #region hooks
bot.onBeforeStart(() => console.log('starting'))
bot.onAfterStart(() => console.log('every child is running'))
bot.onBeforeStop(() => console.log('stopping'))
bot.onAfterStop(() => console.log('every child has stopped'))
bot.onBeforeRestart(name => console.log(`restarting ${name}`))
bot.onAfterRestart(name => console.log(`${name} is back`))
bot.onProcessExit(({ name, code, signal, crashed, willRestart }) => {
  console.log(`${name} exited (code ${code}, signal ${signal}); crashed: ${crashed}; restarting: ${willRestart}`)
})
// #endregion hooks

// #region control
await bot.start() // 启动所有已添加的进程
await bot.restartProcess('nonebot') // 先停止再启动；通道和排队中的消息都保留
await bot.stopProcess('nonebot')
await bot.startProcess('nonebot')
console.log(bot.getProcesses()) // [{ name, file, pid, state, restarts }]
await bot.stop() // 先正常停止，超过 stopTimeout 后发送 SIGKILL
// #endregion control
