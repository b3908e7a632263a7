import { Channel, UnknownChannelError, getChannel, getChannels, setChannel, setChannels } from 'liteyuki-comm'

interface Notice { text: string }
interface Job { id: number; url: string }

// #region get-channel
// A child's own channels exist as soon as main called addProcess('nonebot', ...).
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
// main.ts, before bot.start(): children started later know the name at once.
setChannel('notices', new Channel<Notice>('notices'))

// Any process, any time after: its own end of the same channel.
const notices = getChannel<Notice>('notices')
// #endregion set-channel

// #region set-channels
setChannels({
  jobs: new Channel<Job>('jobs', { maxQueue: 500 }),
  results: new Channel('results'),
})
// #endregion set-channels

// #region get-channels
// One end per registered name; ends this process did not have yet are created.
for (const [name, channel] of Object.entries(getChannels())) {
  console.log(name, channel.options)
}
// #endregion get-channels

void notices
