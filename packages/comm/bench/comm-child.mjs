// liteyuki-comm child for the same scenarios: it reads in the mode the scenario names, or sends.
import { activeChannel, getChannel, passiveChannel, sharedMemory } from 'liteyuki-comm'
import { drain } from './drain.mjs'

const [scenario, count] = [process.argv[2], Number(process.argv[3])]
const [direction, mode = 'passive'] = scenario.split('-')
const small = i => ({ id: i, type: 'message', user: 'liteyuki', text: 'hello from the main process', at: 1_700_000_000_000 })

if (scenario === 'pingpong') {
  passiveChannel.onReceive(message => passiveChannel.send(message))
  activeChannel.send('ready')
} else if (scenario === 'storage') {
  const time = async op => {
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
} else if (direction === 'c2m' || scenario === 'c2c-send') {
  const to = scenario === 'c2c-send' ? getChannel('relay') : passiveChannel
  activeChannel.send('ready')
  const go = scenario === 'c2c-send' ? passiveChannel : activeChannel
  await go.receive()
  for (let i = 0; i < count; i++) to.send(small(i))
} else if (direction === 'c2c') {
  const relay = getChannel('relay')
  const done = drain(relay, mode, count)
  activeChannel.send('ready')
  await done
  activeChannel.send('done')
} else {
  // main to child: the active modes read the active end, passive mode the passive end.
  const from = mode === 'passive' ? passiveChannel : activeChannel
  const reply = mode === 'passive' ? activeChannel : passiveChannel
  const done = drain(from, mode, count)
  activeChannel.send('ready')
  await done
  reply.send('done')
}
