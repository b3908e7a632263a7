import { getBot } from 'liteyuki-comm'

const bot = getBot()
// 'on-failure' 会重启崩溃的子进程，最多 maxRestarts 次。
bot.addProcess('fragile', new URL('./child.js', import.meta.url), {
  restart: 'on-failure',
  maxRestarts: 2,
  restartDelay: 200,
})

bot.onProcessExit(async ({ name, code, crashed, willRestart }) => {
  console.log(`${name} exited with code ${code} (crashed: ${crashed}, will restart: ${willRestart})`)
  if (!willRestart) await bot.stop()
})

await bot.start()
