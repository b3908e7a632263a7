import { getBot, getChannel, SerializationError } from 'liteyuki-comm'

// #region choose
// main.ts，在使用任何通道或存储之前：之后每个进程都使用它。
const bot = getBot({ serialization: 'structured' })
// #endregion choose

// #region carry
const channel = getChannel<unknown>('nonebot-passive')
channel.send({
  seen: new Set(['alice', 'bob']),
  scores: new Map([['alice', 10n ** 20n]]),
  at: new Date(),
  avatar: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  failure: Object.assign(new Error('adapter offline'), { code: 'E_OFFLINE' }),
})
// #endregion carry

// #region refuse
try {
  channel.send({ callback: () => 'functions cannot cross a process boundary' })
} catch (error) {
  // SerializationError 是一种 TypeError，会指明通道和值的路径：
  // "send() on channel 'nonebot-passive': value.callback is a function, ..."
  if (error instanceof SerializationError) console.error(error.message)
}
// #endregion refuse

void bot
