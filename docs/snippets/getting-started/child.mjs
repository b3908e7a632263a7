import { activeChannel, passiveChannel } from 'liteyuki-comm'

// Passive mode: the handler runs for every message that passes the filter.
passiveChannel.onReceive((data) => {
  console.log(`Passive receive: ${data}`)
}, { filter: data => typeof data === 'string' })

// Active mode: wait for the next message.
while (true) {
  const data = await activeChannel.receive()
  console.log(`Active receive: ${data}`)
}
