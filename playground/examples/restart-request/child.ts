import { requestRestart, sharedMemory } from 'liteyuki-comm'

// The store outlives the child, so each generation knows which one it is.
const generation = (await sharedMemory.update<number>('generation', n => (n ?? 0) + 1))!
console.log(`generation ${generation} started`)

if (generation === 1) {
  console.log('a user asked to restart the bot')
  requestRestart()
}
