import { getBot, getChannel, type SerializationName } from 'liteyuki-comm'

// #region serialization-name
// main.ts 的第一条语句：每个子进程都沿用这个选择。
const serialization: SerializationName = process.env.COMM_SERIALIZATION === 'structured' ? 'structured' : 'json'
const bot = getBot({ serialization })
// #endregion serialization-name

// #region json
// 使用 'json'（默认）时：普通数据，发送时复制。
getChannel('nonebot-passive').send({
  user: 'alice',
  at: new Date(), // 有 toJSON()：到达时是 ISO 字符串
  note: undefined, // 值为 undefined 的属性：被省略，与 JSON 相同
  tags: ['a', 'b'],
})
// #endregion json

// #region structured
// 使用 'structured' 时：更丰富的类型会原样到达。
getChannel('nonebot-passive').send({
  seen: new Set(['alice']),
  scores: new Map([['alice', 10n ** 20n]]),
  at: new Date(),
  avatar: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  failure: Object.assign(new Error('adapter offline'), { code: 'E_OFFLINE' }),
})
// #endregion structured

void bot
