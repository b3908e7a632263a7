import { activeChannel, passiveChannel, sharedMemory } from 'liteyuki-comm'

// #region child
const message = await activeChannel.receive()
console.log('echoing', message)
await sharedMemory.set('last-echo', message)
passiveChannel.send(message)
// #endregion child
