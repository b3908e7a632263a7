import { activeChannel, processName, sharedMemory } from 'liteyuki-comm'

sharedMemory.onSubscriberReceive<string>('announcements', (text) => {
  console.log(`${processName} got: ${text}`)
})
activeChannel.send('subscribed')
