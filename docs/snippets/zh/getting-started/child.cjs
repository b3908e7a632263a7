const { activeChannel, passiveChannel } = require('liteyuki-comm')

// 被动模式：每条通过过滤器的消息都会交给处理函数。
passiveChannel.onReceive((data) => {
  console.log(`Passive receive: ${data}`)
}, { filter: data => typeof data === 'string' })

// 主动模式：等待下一条消息。CommonJS 不支持顶层 await，所以包在 async 函数里。
async function receiveForever() {
  while (true) {
    const data = await activeChannel.receive()
    console.log(`Active receive: ${data}`)
  }
}
receiveForever()
