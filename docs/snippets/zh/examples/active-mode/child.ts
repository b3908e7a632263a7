import { activeChannel } from 'liteyuki-comm'

// 端也是异步可迭代对象：每轮循环一条消息，按顺序。
for await (const n of activeChannel) {
  console.log(`Squaring ${n}`)
  activeChannel.send((n as number) ** 2)
}
