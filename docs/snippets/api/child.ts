import {
  activeChannel, getBot, getChannel, isMainProcess, onStop, passiveChannel, processName, requestRestart, sharedMemory,
} from 'liteyuki-comm'

interface Request { id: number; question: string }

// #region active-channel
// child.ts: answer each request that main sends on '<name>-active'.
for await (const message of activeChannel) {
  const { id, question } = message as Request
  activeChannel.send({ id, answer: question.toUpperCase() })
}
// #endregion active-channel

// #region typed-own-channel
// child.ts: the same end as activeChannel, with a message type.
const requests = getChannel<Request>(`${processName}-active`)
const request = await requests.receive({ timeout: 10_000 })
// #endregion typed-own-channel

// #region passive-channel
// child.ts: handle commands as they arrive on '<name>-passive'.
passiveChannel.onReceive((command) => {
  if (command === 'ping') passiveChannel.send('pong')
}, { filter: (data: unknown) => typeof data === 'string' })
// #endregion passive-channel

// #region request-restart
// child.ts: a user asked the bot to restart; main runs its restart hooks.
passiveChannel.onReceive(async (command) => {
  if (command !== 'restart') return
  await sharedMemory.set(`${processName}:restart-reason`, 'requested by a user')
  requestRestart()
})
// #endregion request-restart

// #region on-stop
// Clean up when main stops or restarts this child; channels can still send meanwhile.
const stopCleanup = onStop(async () => {
  passiveChannel.send({ status: 'shutting down' })
  await flushLogs()
})
stopCleanup() // removes the handler again
// #endregion on-stop

// #region process-name
// 'main' in the main process, the addProcess() name in a child.
console.log(`[${processName}] ready`)
await sharedMemory.update<string[]>('online', (names = []) => [...names, processName])
// #endregion process-name

// #region is-main-process
// One file that is both the main script and its own child.
if (isMainProcess()) {
  const bot = getBot()
  bot.addProcess('echo', new URL(import.meta.url))
  await bot.start()
  getChannel('echo-passive').send('ping')
} else {
  passiveChannel.onReceive(data => console.log(`${processName} got ${String(data)}`))
}
// #endregion is-main-process

void request

declare function flushLogs(): Promise<void>
