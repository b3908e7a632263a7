// 在子进程中，自己两个通道上的端是单例，直接导入即可。
import { activeChannel, passiveChannel } from 'liteyuki-comm'

// 被动模式：每条通过过滤器的消息都会交给处理函数，这里是每个字符串。
passiveChannel.onReceive((data) => {
  console.log(`Passive receive: ${data}`)
}, { filter: (data: unknown) => typeof data === 'string' })

// 主动模式：等待下一条消息。
while (true) {
  const data = await activeChannel.receive()
  console.log(`Active receive: ${data}`)
}
