// One measurement in a fresh main process; prints { ms } (or per-op times) as JSON.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { getBot, getChannel } from 'liteyuki-comm'

const [variant, scenario, countArg] = process.argv.slice(2)
const count = Number(countArg)
const here = name => new URL(`./${name}`, import.meta.url)

// ~100 bytes as JSON, a typical bot event.
const small = i => ({ id: i, type: 'message', user: 'liteyuki', text: 'hello from the main process', at: 1_700_000_000_000 })
const large = i => ({ id: i, data: 'x'.repeat(1024 * 1024) })
const payload = scenario === 'large' ? large : small

async function raw(serialization) {
  const child = fork(here('raw-child.mjs'), [scenario, String(count)], { serialization })
  await once(child, 'message') // ready
  const start = performance.now()
  if (scenario === 'pingpong') {
    for (let i = 0; i < count; i++) {
      child.send(payload(i))
      await once(child, 'message')
    }
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
  const bot = getBot({ serialization })
  bot.addProcess('peer', here('comm-child.mjs'), { args: [scenario, String(count)], execArgv: process.env.BENCH_CHILD_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CHILD_PROF] : [] })
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
  } else {
    const done = active.receive()
    for (let i = 0; i < count; i++) passive.send(payload(i))
    await done
  }
  const ms = performance.now() - start
  await bot.stop()
  return { ms }
}

const [kind, serialization] = variant.split('-')
const result = kind === 'raw' ? await raw(serialization) : await comm(serialization)
process.stdout.write(`${JSON.stringify(result)}\n`)
process.exit(0)
