import { getBot, getChannel } from 'liteyuki-comm'

process.env.BOT_TOKEN = 'a secret main needs'

// #region env
const bot = getBot()
// 默认情况下，子进程继承主进程的环境变量，密钥也包括在内。
bot.addProcess('trusted', new URL('./child.js', import.meta.url))
// 不是你写的插件，只给它需要的变量。
bot.addProcess('plugin', new URL('./child.js', import.meta.url), {
  env: { PATH: process.env.PATH, NODE_ENV: 'production' },
})
// #endregion env

await bot.start()
for (const name of ['trusted', 'plugin']) console.log(`${name} sees BOT_TOKEN: ${await getChannel(`${name}-passive`).receive()}`)
await bot.stop()
