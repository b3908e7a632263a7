import { activeChannel, passiveChannel } from 'liteyuki-comm'

// 被动模式：每条通过过滤器的消息都会交给处理函数。
passiveChannel.onReceive((data) => {
  console.log(`Passive receive: ${data}`)
}, { filter: data => typeof data === 'string' })

// Active mode: wait for the next message.
while (true) {
  const data = await activeChannel.receive()
  console.log(`Active receive: ${data}`)
}
