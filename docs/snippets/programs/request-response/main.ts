import { getBot, getChannel } from 'liteyuki-comm'
import type { Reply, Request } from './protocol.js'
import { createRequester } from './requester.js'

const bot = getBot()
bot.addProcess('calculator', new URL('./child.js', import.meta.url))
await bot.start()

// #region main
// Requests go out on 'calculator-active', replies come back on 'calculator-passive'.
const square = createRequester<number, number>(
  getChannel<Request<number>>('calculator-active'),
  getChannel<Reply<number>>('calculator-passive'),
)

// Three requests at once: the slow one does not hold up the others.
const results = await Promise.all([square(30), square(4), square(5)])
console.log(`squares: ${results.join(', ')}`)

// A request the child refuses fails on its own; the others are untouched.
await square(-1).catch((error: Error) => console.log(`refused: ${error.message}`))
// #endregion main

await bot.stop()
