import {
  activeChannel, getBot, getChannel, isMainProcess, onStop, passiveChannel, processName, requestRestart, sharedMemory,
} from 'liteyuki-comm'

interface Request { id: number; question: string }

// #region active-channel
// child.ts：回答主进程在 '<name>-active' 上发来的每个请求。
for await (const message of activeChannel) {
  const { id, question } = message as Request
  activeChannel.send({ id, answer: question.toUpperCase() })
}
// #endregion active-channel

// #region typed-own-channel
// child.ts：与 activeChannel 是同一个端，只是带上了消息类型。
const requests = getChannel<Request>(`${processName}-active`)
const request = await requests.receive({ timeout: 10_000 })
// #endregion typed-own-channel

// #region passive-channel
// child.ts：'<name>-passive' 上每到一条命令就处理一条。
passiveChannel.onReceive((command) => {
  if (command === 'ping') passiveChannel.send('pong')
}, { filter: (data: unknown) => typeof data === 'string' })
// #endregion passive-channel

// #region request-restart
// child.ts：用户要求重启机器人；主进程会运行它的重启钩子。
passiveChannel.onReceive(async (command) => {
  if (command !== 'restart') return
  await sharedMemory.set(`${processName}:restart-reason`, 'requested by a user')
  requestRestart()
})
// #endregion request-restart

// #region on-stop
// 主进程停止或重启这个子进程时做清理；在此期间通道仍可发送。
const stopCleanup = onStop(async () => {
  passiveChannel.send({ status: 'shutting down' })
  await flushLogs()
})
stopCleanup() // 再把这个处理函数移除
// #endregion on-stop

// #region process-name
// 在主进程中是 'main'，在子进程中是 addProcess() 时起的名字。
console.log(`[${processName}] ready`)
await sharedMemory.update<string[]>('online', (names = []) => [...names, processName])
// #endregion process-name

// #region is-main-process
// 同一个文件既是主进程脚本，也是它自己的子进程。
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
