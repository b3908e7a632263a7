import { getBot, getChannel } from 'liteyuki-comm'

interface Command { name: string; args: string[] }

const bot = getBot()
bot.addProcess('worker', new URL('./child.js', import.meta.url))
const commands = getChannel<Command | string>('worker-passive')

// 在子进程运行之前发送：这些消息在主进程中等待，直到子进程开始监听。
commands.send({ name: 'greet', args: ['Liteyuki'] })
commands.send('a plain string the child filters out')
commands.send({ name: 'sum', args: ['1', '2', '3'] })
console.log('3 messages sent before the child started')

await bot.start()
await getChannel('worker-active').receive()
await bot.stop()
