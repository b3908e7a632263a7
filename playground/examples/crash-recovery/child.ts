import { processName, sharedMemory } from 'liteyuki-comm'

const attempt = (await sharedMemory.update<number>('attempt', n => (n ?? 0) + 1))!
console.log(`${processName} attempt ${attempt}`)

// Crash on purpose: an uncaught error exits with code 1.
setTimeout(() => {
  throw new Error(`crash number ${attempt}`)
}, 100)
