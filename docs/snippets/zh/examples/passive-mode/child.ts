import { activeChannel, passiveChannel } from 'liteyuki-comm'

interface Command { name: string; args: string[] }

const isCommand = (data: unknown): data is Command =>
  typeof data === 'object' && data !== null && 'name' in data && 'args' in data

// 类型守卫把 `command` 收窄为 Command；其他消息根本到不了处理函数。
passiveChannel.onReceive((command) => {
  if (command.name === 'greet') console.log(`Hello, ${command.args.join(' ')}!`)
  if (command.name === 'sum') console.log(`Sum: ${command.args.map(Number).reduce((a, b) => a + b, 0)}`)
}, { filter: isCommand })

// 过滤器通过的每个处理函数都会运行，按添加的顺序执行。
let logged = 0
passiveChannel.onReceive((data) => {
  console.log(`Logged: ${JSON.stringify(data)}`)
  // 三条消息都到了就告诉主进程，主进程随后停止。
  if (++logged === 3) activeChannel.send('all three handled')
})
