import {
  Channel, getChannel,
  type Awaitable, type ChannelOptions, type Guard, type Handler, type Predicate,
  type ReceiveHandlerOptions, type ReceiveOptions, type Unsubscribe,
} from 'liteyuki-comm'

interface Command { name: string; args: string[] }
type Incoming = Command | string

// #region channel-options
const options: ChannelOptions = { maxQueue: 100 } // 主进程中最多 100 条消息等待
const audit = new Channel<string>('audit', options)
// #endregion channel-options

// #region receive-options
const waitBriefly: ReceiveOptions = { timeout: 2_000, signal: AbortSignal.timeout(10_000) }
const line = await audit.receive(waitBriefly) // 哪个先到，就以哪个拒绝
// #endregion receive-options

// #region handler-types
const isCommand: Guard<Incoming, Command> = (data): data is Command =>
  typeof data === 'object' && data !== null && 'name' in data

const isAllowed: Predicate<Incoming> = async data => typeof data === 'string' || !(await isBanned(data.name))

const runCommand: Handler<Command> = async ({ name, args }) => {
  console.log(`running ${name} ${args.join(' ')}`)
}

const incoming = getChannel<Incoming>('nonebot-passive')
const stop: Unsubscribe = incoming.onReceive(runCommand, { filter: isCommand }) // 类型收窄为 Command

const allowedOnly: ReceiveHandlerOptions<Predicate<Incoming>> = { filter: isAllowed }
incoming.onReceive(data => console.log(data), allowedOnly) // data 的类型：Incoming
// #endregion handler-types

// #region awaitable
// 同步或异步回调都接受，和本库自己的 API 一样。
async function withRetry<T>(attempts: number, fn: () => Awaitable<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn()
    } catch (error) {
      if (i >= attempts) throw error
    }
  }
}
// #endregion awaitable

declare function isBanned(command: string): Promise<boolean>
void line; void stop; void withRetry
