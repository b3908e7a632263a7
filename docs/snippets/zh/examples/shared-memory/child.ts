import { processName } from 'liteyuki-comm'
import { sharedMemory } from 'liteyuki-comm/storage'

// 在任意进程中都能用：同样的调用，同样的结果。
console.log(`${processName} reads: ${await sharedMemory.get('key')}`)

for (let i = 0; i < 100; i++) {
  await sharedMemory.update<number>('count', count => (count ?? 0) + 1)
}
await sharedMemory.update<number>('finished', n => (n ?? 0) + 1)
