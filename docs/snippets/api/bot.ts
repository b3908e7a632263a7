import {
  CommError, getBot, getChannel, ProcessError, sharedMemory,
  type BotOptions, type ClusterProcessInfo, type ProcessExitInfo, type ProcessInfo, type ProcessOptions, type RestartPolicy,
} from 'liteyuki-comm'

// #region get-bot
// main.ts: the first call creates the bot and may choose the serializer.
const options: BotOptions = { serialization: 'json' }
const bot = getBot(options)

// Every later call returns the same bot.
console.log(getBot() === bot) // true

// Any call may set how long one sharedMemory.update() may hold its key; default 10 s.
getBot({ updateLease: 30_000 })
// #endregion get-bot

// #region add-process
// A file: URL, resolved against this module...
bot.addProcess('nonebot', new URL('./nonebot.js', import.meta.url))
// ...or a path, resolved against process.cwd().
bot.addProcess('worker', './dist/worker.js', { restart: 'always', maxQueue: 1_000 })

// The channels 'nonebot-active' and 'nonebot-passive' exist at once:
// this message waits in main until the child listens.
getChannel('nonebot-passive').send({ type: 'config', prefix: '/' })
// #endregion add-process

// #region process-options
const policy: RestartPolicy = 'on-failure'
const processOptions: ProcessOptions = {
  args: ['--port', '8080'], // process.argv.slice(2) of the child
  execArgv: ['--import', 'tsx'], // not inherited from main; default []
  env: { ...process.env, BOT_ENV: 'production' }, // replaces the environment; default process.env
  cwd: '/srv/bot', // default: main's working directory
  stdio: 'prefix', // each output line as "[plugins] ..."; default 'inherit'
  restart: policy, // default 'on-failure'
  maxRestarts: 3, // default 5
  restartDelay: 1_000, // ms; default 500
  stopTimeout: 10_000, // ms; default 5000
  maxQueue: 10_000, // bound of 'plugins-active' and 'plugins-passive'; default unbounded
}
bot.addProcess('plugins', './dist/plugins.ts', processOptions)
// #endregion process-options

// #region start-stop
await bot.start() // before-start hooks, fork every added process, after-start hooks
console.log(bot.started) // true

process.once('SIGINT', () => {
  // before-stop hooks, graceful stop of every child (SIGKILL after stopTimeout), after-stop hooks
  void bot.stop().then(() => process.exit(0))
})
// #endregion start-stop

// #region control
await bot.stopProcess('worker') // graceful, then SIGKILL after stopTimeout
await bot.startProcess('worker') // also resets its automatic restart count
await bot.restartProcess('nonebot') // restart hooks around a stop and a start; channels stay
await bot.removeProcess('worker') // stops it and forgets it; its channels stay registered

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
// In a main given getBot({ cluster }): every process of every main, and the main that holds it.
const everywhere: ClusterProcessInfo[] = await bot.getClusterProcesses()
for (const { node, name, state } of everywhere) {
  // A child that crashed on another machine shows here too.
  if (state === 'crashed') console.warn(`${name} on ${node} is down`)
}
// #endregion get-cluster-processes

// #region inspect
// Print what the processes do while you debug; the returned function stops it.
const stopInspecting = bot.inspect((event) => {
  if (event.type === 'process') console.log(`${event.name}: ${event.state}`)
  if (event.type === 'message') console.log(`${event.from} -> ${event.to} on ${event.channel}: ${event.preview}`)
})
stopInspecting()
// #endregion inspect

// #region hooks-start
bot.onBeforeStart(async () => {
  // No child runs yet: seed what they read when they start.
  await sharedMemory.set('config', { prefix: '/' })
})

const removeHook = bot.onAfterStart(() => {
  // start() waits for this hook: run endless work without awaiting it.
  void pollUpdates()
})
// later: removeHook()
// #endregion hooks-start

// #region hooks-stop
bot.onBeforeStop(async () => {
  // Every child still runs: tell them to finish.
  getChannel('nonebot-passive').send({ type: 'shutdown' })
})
bot.onAfterStop(() => console.log('every child has exited'))
// #endregion hooks-stop

// #region hooks-restart
// Run around restartProcess(name) and around a restart a child asked for;
// not around automatic restarts after a crash.
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
// Every occurrence, also those the printed line leaves out: count them, and raise an alarm on a loss.
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
