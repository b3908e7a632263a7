import { getBot, getChannel } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'
import { createRequester } from './requester.js'

const bot = getBot()
bot.addProcess('calculator', new URL('./child.js', import.meta.url))
await bot.start()

// #region main
// 请求从 'calculator-active' 发出，回复从 'calculator-passive' 回来。
const square = createRequester<number, number>(
  getChannel<Request<number>>('calculator-active'),
  getChannel<Reply<number>>('calculator-passive'),
)

// 同时发出三个请求：慢的那个不会拖住其他请求。
const results = await Promise.all([square(30), square(4), square(5)])
console.log(`squares: ${results.join(', ')}`)

// 子进程拒绝的请求单独失败，不影响其他请求。
await square(-1).catch((error: Error) => console.log(`refused: ${error.message}`))
// #endregion main

await bot.stop()
