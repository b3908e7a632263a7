import { Channel, UnknownChannelError, getChannel, getChannels, setChannel, setChannels } from 'liteyuki-comm'

interface Notice { text: string }
interface Job { id: number; url: string }

// #region get-channel
// 主进程一调用 addProcess('nonebot', ...)，子进程自己的通道就存在了。
const toNonebot = getChannel<Notice>('nonebot-passive')
toNonebot.send({ text: 'hello' })

try {
  getChannel('nope')
} catch (error) {
  // No channel named 'nope' is registered. Known channels: 'nonebot-active', 'nonebot-passive'.
  if (error instanceof UnknownChannelError) console.error(error.message)
}
// #endregion get-channel

// #region set-channel
// main.ts，在 bot.start() 之前：之后启动的子进程立即就知道这个名称。
setChannel('notices', new Channel<Notice>('notices'))

// 之后任何时候、任何进程中：它自己在同一个通道上的端。
const notices = getChannel<Notice>('notices')
// #endregion set-channel

// #region set-channels
setChannels({
  jobs: new Channel<Job>('jobs', { maxQueue: 500 }),
  results: new Channel('results'),
})
// #endregion set-channels

// #region get-channels
// 每个已注册的名称一个端；本进程还没有的端会被创建。
for (const [name, channel] of Object.entries(getChannels())) {
  console.log(name, channel.options)
}
// #endregion get-channels

void notices
