import { activeChannel, passiveChannel } from 'liteyuki-comm'

interface Command { name: string; args: string[] }

const isCommand = (data: unknown): data is Command =>
  typeof data === 'object' && data !== null && 'name' in data && 'args' in data

// The type guard narrows `command` to Command; other messages never reach the handler.
passiveChannel.onReceive((command) => {
  if (command.name === 'greet') console.log(`Hello, ${command.args.join(' ')}!`)
  if (command.name === 'sum') console.log(`Sum: ${command.args.map(Number).reduce((a, b) => a + b, 0)}`)
}, { filter: isCommand })

// Every handler whose filter passes runs, in the order they were added.
let logged = 0
passiveChannel.onReceive((data) => {
  console.log(`Logged: ${JSON.stringify(data)}`)
  // Tells main once all three have arrived, so that it can stop.
  if (++logged === 3) activeChannel.send('all three handled')
})
