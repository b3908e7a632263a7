import { getBot, getChannel, type SerializationName } from 'liteyuki-comm'

// #region serialization-name
// main.ts, first statement: every child inherits the choice.
const serialization: SerializationName = process.env.COMM_SERIALIZATION === 'structured' ? 'structured' : 'json'
const bot = getBot({ serialization })
// #endregion serialization-name

// #region json
// With 'json' (default): plain data, copied when sent.
getChannel('nonebot-passive').send({
  user: 'alice',
  at: new Date(), // has toJSON(): arrives as an ISO string
  note: undefined, // undefined property: left out, as in JSON
  tags: ['a', 'b'],
})
// #endregion json

// #region structured
// With 'structured': richer types arrive as themselves.
getChannel('nonebot-passive').send({
  seen: new Set(['alice']),
  scores: new Map([['alice', 10n ** 20n]]),
  at: new Date(),
  avatar: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
  failure: Object.assign(new Error('adapter offline'), { code: 'E_OFFLINE' }),
})
// #endregion structured

void bot
