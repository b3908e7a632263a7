import { getBot } from 'liteyuki-comm'

const bot = getBot()

// #region add
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url), {
  args: ['--port', '8080'], // arguments of the child script
  execArgv: ['--enable-source-maps'], // options of the child's node
  env: { ...process.env, BOT_ENV: 'production' },
  stdio: 'prefix', // each output line as "[nonebot] ..."
  restart: 'on-failure', // 'never' | 'on-failure' (default) | 'always'
  maxRestarts: 5, // automatic restarts allowed (default 5)
  restartDelay: 500, // ms before an automatic restart (default 500)
  stopTimeout: 5000, // ms a graceful stop may take before SIGKILL (default 5000)
  maxQueue: 10_000, // bound of the queues of 'nonebot-active' and 'nonebot-passive'
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
await bot.start() // starts every added process
await bot.restartProcess('nonebot') // stop, then start; channels and queued messages stay
await bot.stopProcess('nonebot')
await bot.startProcess('nonebot')
console.log(bot.getProcesses()) // [{ name, file, pid, state, restarts }]
await bot.stop() // graceful, then SIGKILL after stopTimeout
// #endregion control
