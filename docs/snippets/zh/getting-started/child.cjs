const { activeChannel, passiveChannel } = require('liteyuki-comm')

// 被动模式：每条通过过滤器的消息都会交给处理函数。
passiveChannel.onReceive((data) => {
  console.log(`Passive receive: ${data}`)
}, { filter: data => typeof data === 'string' })

// Active mode: wait for the next message. CommonJS has no top-level await, hence the async function.
async function receiveForever() {
  while (true) {
    const data = await activeChannel.receive()
    console.log(`Active receive: ${data}`)
  }
}
receiveForever()
