import { getBot, getChannel } from 'liteyuki-comm'

process.env.BOT_TOKEN = 'a secret main needs'

// #region env
const bot = getBot()
// By default a child gets main's environment, secrets included.
bot.addProcess('trusted', new URL('./child.js', import.meta.url))
// A plugin you did not write gets only what it needs.
bot.addProcess('plugin', new URL('./child.js', import.meta.url), {
  env: { PATH: process.env.PATH, NODE_ENV: 'production' },
})
// #endregion env

await bot.start()
for (const name of ['trusted', 'plugin']) console.log(`${name} sees BOT_TOKEN: ${await getChannel(`${name}-passive`).receive()}`)
await bot.stop()
