import { onStop, requestRestart, sharedMemory } from 'liteyuki-comm'

// The store outlives the child, so each generation knows which one it is.
const generation = (await sharedMemory.update<number>('generation', n => (n ?? 0) + 1))!
console.log(`generation ${generation} started`)

// Runs when main stops or restarts this process: the place to clean up.
onStop(() => console.log(`generation ${generation} cleaning up`))

if (generation === 1) {
  console.log('a user asked to restart the bot')
  requestRestart()
}
