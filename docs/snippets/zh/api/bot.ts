import {
  CommError, getBot, getChannel, ProcessError, sharedMemory,
  type BotOptions, type ClusterProcessInfo, type ProcessExitInfo, type ProcessInfo, type ProcessOptions, type RestartPolicy,
} from 'liteyuki-comm'

// #region get-bot
// main.ts：第一次调用会创建 bot，并可以选择序列化方式。
const options: BotOptions = { serialization: 'json' }
const bot = getBot(options)

// 之后的每次调用都返回同一个 bot。
console.log(getBot() === bot) // true

// 任何一次调用都可以设置一次 sharedMemory.update() 最多占用键多久；默认 10 秒。
getBot({ updateLease: 30_000 })
// #endregion get-bot

// #region add-process
// file: URL，相对于本模块解析……
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url))
// ……或者路径，相对于 process.cwd() 解析。
bot.addProcess('worker', './dist/worker.js', { restart: 'always', maxQueue: 1_000 })

// 通道 'nonebot-active' 和 'nonebot-passive' 立即就存在：
// 这条消息在主进程中等待，直到子进程开始监听。
getChannel('nonebot-passive').send({ type: 'config', prefix: '/' })
// #endregion add-process

// #region process-options
const policy: RestartPolicy = 'on-failure'
const processOptions: ProcessOptions = {
  args: ['--port', '8080'], // 子进程的 process.argv.slice(2)
  execArgv: ['--import', 'tsx'], // 不继承主进程的设置；默认 []
  env: { ...process.env, BOT_ENV: 'production' }, // 替换整个环境；默认 process.env
  cwd: '/srv/bot', // 默认：主进程的工作目录
  stdio: 'prefix', // 每行输出显示为 "[plugins] ..."；默认 'inherit'
  restart: policy, // 默认 'on-failure'
  maxRestarts: 3, // 默认 5
  restartDelay: 1_000, // 毫秒；默认 500
  stopTimeout: 10_000, // 毫秒；默认 5000
  maxQueue: 10_000, // 'plugins-active' 和 'plugins-passive' 的队列上限；默认无上限
}
bot.addProcess('plugins', './dist/plugins.ts', processOptions)
// #endregion process-options

// #region start-stop
await bot.start() // 启动前钩子，派生每个已添加的进程，启动后钩子
console.log(bot.started) // true

process.once('SIGINT', () => {
  // 停止前钩子，正常停止每个子进程（超过 stopTimeout 则 SIGKILL），停止后钩子
  void bot.stop().then(() => process.exit(0))
})
// #endregion start-stop

// #region control
await bot.stopProcess('worker') // 先正常停止，超过 stopTimeout 则 SIGKILL
await bot.startProcess('worker') // 同时把它的自动重启计数清零
await bot.restartProcess('nonebot') // 在一次停止和一次启动前后运行重启钩子；通道保留
await bot.removeProcess('worker') // 停止并移除它；它的通道仍然保持注册

try {
  await bot.restartProcess('worker')
} catch (error) {
  // ProcessError: restartProcess('worker'): no process has this name. Added processes: 'nonebot', 'plugins'.
  if (error instanceof ProcessError) console.error(error.message)
}
// #endregion control

// #region get-process
const info: ProcessInfo | undefined = bot.getProcess('nonebot')
if (info?.state === 'crashed') console.warn(`${info.name} is down after ${info.restarts} automatic restarts`)

for (const { name, pid, state } of bot.getProcesses()) {
  console.log(`${name}\t${pid ?? '-'}\t${state}`)
}
// #endregion get-process

// #region get-cluster-processes
// 在传入了 getBot({ cluster }) 的主进程中：列出所有主进程下的所有进程，以及各自所属的主进程。
const everywhere: ClusterProcessInfo[] = await bot.getClusterProcesses()
for (const { node, name, state } of everywhere) {
  // 其他机器上崩溃的子进程，在这里也看得到。
  if (state === 'crashed') console.warn(`${name} on ${node} is down`)
}
// #endregion get-cluster-processes

// #region inspect
// 调试时打印各进程在做什么；返回的函数用来停止。
const stopInspecting = bot.inspect((event) => {
  if (event.type === 'process') console.log(`${event.name}: ${event.state}`)
  if (event.type === 'message') console.log(`${event.from} -> ${event.to} on ${event.channel}: ${event.preview}`)
})
stopInspecting()
// #endregion inspect

// #region hooks-start
bot.onBeforeStart(async () => {
  // 此时还没有子进程在运行：先写好它们启动时要读的数据。
  await sharedMemory.set('config', { prefix: '/' })
})

const removeHook = bot.onAfterStart(() => {
  // start() 会等这个钩子返回：长期运行的任务不要 await。
  void pollUpdates()
})
// 不再需要时：removeHook()
// #endregion hooks-start

// #region hooks-stop
bot.onBeforeStop(async () => {
  // 此时所有子进程都还在运行：通知它们收尾。
  getChannel('nonebot-passive').send({ type: 'shutdown' })
})
bot.onAfterStop(() => console.log('every child has exited'))
// #endregion hooks-stop

// #region hooks-restart
// 在 restartProcess(name) 和子进程请求的重启前后运行；
// 崩溃后的自动重启不触发这两个钩子。
bot.onBeforeRestart(name => console.log(`restarting ${name}`))
bot.onAfterRestart(async (name) => {
  await sharedMemory.update<number>(`restarts:${name}`, n => (n ?? 0) + 1)
})
// #endregion hooks-restart

// #region process-exit
bot.onProcessExit(({ name, code, signal, crashed, willRestart }: ProcessExitInfo) => {
  if (!crashed) console.log(`${name} exited with code 0`)
  else if (willRestart) console.warn(`${name} crashed (code ${code}, signal ${signal}); restarting`)
  else console.error(`${name} crashed and stays down`)
})
// #endregion process-exit

// #region on-error
// 每一次都会调用，包括打印的那一行省略掉的：计数，并在数据丢失时告警。
bot.onError((error, source) => {
  const code = error instanceof CommError ? error.code : error.name
  countError(code)
  if (code === 'ERR_CLUSTER_DATA_LOST') pageOnCall(`${source}: ${error.message}`)
})
// #endregion on-error

declare function countError(code: string): void
declare function pageOnCall(text: string): void

declare function pollUpdates(): Promise<void>
void removeHook
