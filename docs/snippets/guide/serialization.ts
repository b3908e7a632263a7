import { getBot, getChannel, SerializationError } from 'liteyuki-comm'

// #region choose
// main.ts, before any channel or storage use: every process then uses it.
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
  // SerializationError is a TypeError that names the channel and the path:
  // "send() on channel 'nonebot-passive': value.callback is a function, ..."
  if (error instanceof SerializationError) console.error(error.message)
}
// #endregion refuse

void bot
