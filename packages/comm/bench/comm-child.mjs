// liteyuki-comm child for the same scenarios, plus the storage one.
import { activeChannel, passiveChannel, sharedMemory } from 'liteyuki-comm'

const [scenario, count] = [process.argv[2], Number(process.argv[3])]

if (scenario === 'pingpong') {
  passiveChannel.onReceive(message => passiveChannel.send(message))
} else if (scenario === 'storage') {
  const time = async (op) => {
    const start = performance.now()
    for (let i = 0; i < count; i++) await op(i)
    return performance.now() - start
  }
  await sharedMemory.set('key', { value: 'x'.repeat(80) })
  // Untimed first: the first calls pay for compiling the code paths, which would count against whichever op went first.
  for (let i = 0; i < 300; i++) {
    await sharedMemory.get('key')
    await sharedMemory.set('warm-up', i)
    await sharedMemory.update('warm-up', n => n + 1)
  }
  const results = {
    get: await time(() => sharedMemory.get('key')),
    set: await time(i => sharedMemory.set('key', { value: 'x'.repeat(80), i })),
    update: await time(() => sharedMemory.update('counter', n => (n ?? 0) + 1)),
  }
  activeChannel.send(results)
} else {
  let received = 0
  passiveChannel.onReceive(() => {
    if (++received === count) activeChannel.send('done')
  })
}
if (scenario !== 'storage') activeChannel.send('ready')
