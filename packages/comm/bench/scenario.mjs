// One measurement in a fresh main process; prints { ms } (or per-op times) as JSON.
// Scenarios: `<direction>-<mode>` for one-way throughput, where direction is
// m2c (main to child), c2m (child to main) or c2c (child to child through main)
// and mode is how the receiving end reads: receive (a `while (true) await
// receive()` loop, as the Liteyuki page writes it), forawait or passive;
// pingpong, large (1 MB payloads, main to child, passive), storage, awaits.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { drain } from './drain.mjs'

const [variant, scenario, countArg] = process.argv.slice(2)
const count = Number(countArg)
const here = name => new URL(`./${name}`, import.meta.url)
const [direction, mode = 'passive'] = scenario.split('-')

// ~100 bytes as JSON, a typical bot event.
const small = i => ({ id: i, type: 'message', user: 'liteyuki', text: 'hello from the main process', at: 1_700_000_000_000 })
const large = i => ({ id: i, data: 'x'.repeat(1024 * 1024) })
const payload = scenario === 'large' ? large : small

async function raw(serialization) {
  if (direction === 'c2c') {
    const to = fork(here('raw-child.mjs'), ['m2c', String(count)], { serialization })
    const from = fork(here('raw-child.mjs'), ['c2m', String(count)], { serialization })
    await Promise.all([once(to, 'message'), once(from, 'message')])
    const start = performance.now()
    const done = once(to, 'message')
    from.on('message', message => to.send(message))
    from.send('go')
    await done
    const ms = performance.now() - start
    to.kill()
    from.kill()
    return { ms }
  }
  const child = fork(here('raw-child.mjs'), [direction === 'c2m' ? 'c2m' : scenario, String(count)], { serialization })
  await once(child, 'message') // ready
  const start = performance.now()
  if (scenario === 'pingpong') {
    for (let i = 0; i < count; i++) {
      child.send(payload(i))
      await once(child, 'message')
    }
  } else if (direction === 'c2m') {
    let received = 0
    const done = new Promise(resolve =>
      child.on('message', () => {
        if (++received === count) resolve()
      }),
    )
    child.send('go')
    await done
  } else {
    const done = once(child, 'message')
    for (let i = 0; i < count; i++) child.send(payload(i))
    await done
  }
  const ms = performance.now() - start
  child.kill()
  return { ms }
}

async function comm(serialization) {
  const { getBot, getChannel, Channel, setChannel } = await import('liteyuki-comm')
  const bot = getBot({ serialization })
  if (process.env.BENCH_INSPECT === '1') bot.inspect(() => {})
  if (direction === 'c2c') {
    setChannel('relay', new Channel('relay'))
    bot.addProcess('from', here('comm-child.mjs'), { args: ['c2c-send', String(count)] })
    bot.addProcess('to', here('comm-child.mjs'), { args: [`c2c-${mode}`, String(count)] })
    await bot.start()
    await Promise.all([getChannel('from-active').receive(), getChannel('to-active').receive()])
    const start = performance.now()
    const done = getChannel('to-active').receive()
    getChannel('from-passive').send('go')
    await done
    const ms = performance.now() - start
    await bot.stop()
    return { ms }
  }
  // BENCH_CHILD_PROF=dir writes the child's CPU profile there.
  const execArgv = process.env.BENCH_CHILD_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_PROF}`] : []
  bot.addProcess('peer', here('comm-child.mjs'), { args: [scenario, String(count)], execArgv })
  const passive = getChannel('peer-passive')
  const active = getChannel('peer-active')
  await bot.start()
  if (scenario === 'storage') {
    const result = await active.receive()
    await bot.stop()
    return result
  }
  // The child has loaded and listens: only messaging is timed.
  await active.receive()
  const start = performance.now()
  if (scenario === 'pingpong') {
    for (let i = 0; i < count; i++) {
      passive.send(payload(i))
      await passive.receive()
    }
  } else if (direction === 'c2m') {
    const done = drain(passive, mode, count)
    active.send('go')
    await done
  } else {
    // The child reads its active end in the active modes, its passive end in passive mode.
    const to = mode === 'passive' ? passive : active
    const reply = mode === 'passive' ? active : passive
    const done = reply.receive()
    for (let i = 0; i < count; i++) to.send(payload(i))
    await done
  }
  const ms = performance.now() - start
  await bot.stop()
  return { ms }
}

/** Two million awaits of unrelated code, with or without the library loaded and used. */
async function awaits(which) {
  if (which === 'comm-json') {
    const { sharedMemory } = await import('liteyuki-comm')
    for (let i = 0; i < 100; i++) await sharedMemory.update('n', n => (n ?? 0) + 1)
  }
  const noop = async () => {}
  const start = performance.now()
  for (let i = 0; i < count; i++) await noop()
  return { ms: performance.now() - start }
}

const [kind, serialization] = variant.split('-')
const result = scenario === 'awaits' ? await awaits(variant) : kind === 'raw' ? await raw(serialization) : await comm(serialization)
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
