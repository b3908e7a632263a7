import { activeChannel } from 'liteyuki-comm'

// An end is also an async iterable: one message per loop turn, in order.
for await (const n of activeChannel) {
  console.log(`Squaring ${n}`)
  activeChannel.send((n as number) ** 2)
}
