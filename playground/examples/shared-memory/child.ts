import { processName } from 'liteyuki-comm'
import { sharedMemory } from 'liteyuki-comm/storage'

// Usable in any process: the same calls, the same results.
console.log(`${processName} reads: ${await sharedMemory.get('key')}`)

for (let i = 0; i < 100; i++) {
  await sharedMemory.update<number>('count', count => (count ?? 0) + 1)
}
await sharedMemory.update<number>('finished', n => (n ?? 0) + 1)
