import {
  activeChannel, Channel, ChannelClosedError, ChannelFullError, ChannelModeError, CommError, getBot, getChannel,
  ProcessError, ProcessExitedError, SerializationError, sharedMemory, TimeoutError, UnknownChannelError,
  WrongProcessError,
} from 'liteyuki-comm'

const bot = getBot()
const replies = getChannel<string>('nonebot-active')

// #region comm-error
try {
  console.log(await replies.receive({ timeout: 5_000 }))
} catch (error) {
  if (!(error instanceof CommError)) throw error
  switch (error.code) {
    case 'ERR_TIMEOUT': console.warn('no reply yet'); break
    case 'ERR_PROCESS_EXITED': console.warn('nonebot exited; it may be restarting'); break
    default: throw error
  }
}
// #endregion comm-error

// #region channel-mode-error
const inbox = getChannel('inbox')
inbox.onReceive(data => console.log(data))
await inbox.receive().catch((error: unknown) => {
  // Channel 'inbox' is in passive mode (it has onReceive handlers), so receive() cannot be used on this end.
  if (error instanceof ChannelModeError) console.error(error.message)
})
// #endregion channel-mode-error

// #region unknown-channel-error
try {
  getChannel('nonebot-passive ') // 多了一个空格
} catch (error) {
  if (error instanceof UnknownChannelError) console.error(`unknown: '${error.channel}'`)
}
// #endregion unknown-channel-error

// #region channel-full-error
const outbox = new Channel<string>('outbox', { maxQueue: 100 })
try {
  outbox.send('event') // 在主进程中：已有 100 条消息在等待时抛出
} catch (error) {
  if (error instanceof ChannelFullError) console.warn(`dropping an event: ${error.channel} is full`)
}
// 在子进程中，send() 无法当场得知：错误交给这一端的 onError 处理函数。
outbox.onError((error) => {
  if (error instanceof ChannelFullError) console.warn(error.message)
})
// #endregion channel-full-error

// #region channel-closed-error
outbox.close()
try {
  outbox.send('too late')
} catch (error) {
  if (error instanceof ChannelClosedError) console.error(error.message) // Channel 'outbox' is closed in this process.
}
// #endregion channel-closed-error

// #region process-exited-error
try {
  await replies.receive()
} catch (error) {
  if (error instanceof ProcessExitedError) {
    // Process 'nonebot' exited (exit code 1) while receive() on channel 'nonebot-active' was waiting on it.
    // 如果 receive() 开始时 nonebot 已经永久退出，则是：
    // Process 'nonebot' exited (exit code 0) before receive() on channel 'nonebot-active' began, and no other process holds the channel.
    console.error(error.process, error.exitCode, error.signal)
  }
}
// #endregion process-exited-error

// #region timeout-error
const reply = await replies.receive({ timeout: 1_000 }).catch((error: unknown) => {
  if (error instanceof TimeoutError) return undefined // receive() on channel 'nonebot-active' timed out after 1000 ms.
  throw error
})
// #endregion timeout-error

// #region wrong-process-error
try {
  activeChannel.send('hello') // 在主进程中
} catch (error) {
  // activeChannel is only available in a child process started by bot.addProcess(); ...
  if (error instanceof WrongProcessError) console.error(error.message)
}
// #endregion wrong-process-error

// #region process-error
await bot.startProcess('nonbot').catch((error: unknown) => {
  // startProcess('nonbot'): no process has this name. Added processes: 'nonebot'.
  if (error instanceof ProcessError) console.error(error.message, error.cause)
})
// #endregion process-error

// #region serialization-error
try {
  await sharedMemory.set('handlers', { onMessage: () => {} })
} catch (error) {
  // sharedMemory.set('handlers'): value.onMessage is a function, which the json serializer cannot carry. ...
  if (error instanceof SerializationError) console.error(error.code, error instanceof TypeError) // ERR_UNSERIALIZABLE true
}
// #endregion serialization-error

void reply
