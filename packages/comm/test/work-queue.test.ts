import { afterAll, describe, expect, it, onTestFinished } from 'vitest'
import { Channel, getBot, setChannel } from 'liteyuki-comm'
import { runSnippet, startAgent, until } from './helpers.js'

describe('a channel with more than two holders is a work queue', () => {
  afterAll(() => getBot().stop())

  it('gives each message to exactly one holder other than its sender', async () => {
    const jobs = new Channel<number>('jobs')
    setChannel('jobs', jobs)
    const workers = await Promise.all(['worker-a', 'worker-b'].map(name => startAgent(name)))
    for (const worker of workers) await worker.call('listen', 'jobs')

    for (let n = 0; n < 100; n++) jobs.send(n)
    await expect.poll(() => workers.reduce((sum, w) => sum + w.events.length, 0)).toBe(100)
    const got = workers.map(w => w.events.map(e => e.data as number))
    const all = workers.flatMap(w => w.events.map(e => e.data as number)).sort((a, b) => a - b)
    expect(all).toEqual([...Array(100).keys()])
    // Both workers took a share: round-robin, not all to one.
    expect(got.every(list => list.length > 0)).toBe(true)
  })

  it('with prefetch 0, gives active receivers only what they wait for: a worker that stopped receiving takes nothing more', async () => {
    // Registered with prefetch 0, so every end made from the registration takes one message per waiting receive().
    const jobs = new Channel<number | 'stop'>('active-jobs', { prefetch: 0 })
    setChannel('active-jobs', jobs)
    const workers = await Promise.all(['active-a', 'active-b'].map(name => startAgent(name)))
    for (const worker of workers) await worker.call('work', 'active-jobs')
    const total = (): number => workers.reduce((sum, w) => sum + w.events.length, 0)
    for (let n = 0; n < 10; n++) jobs.send(n)
    await expect.poll(total).toBe(10)
    // One worker takes the 'stop' and leaves; every later job must reach the other one.
    jobs.send('stop')
    for (let n = 10; n < 100; n++) jobs.send(n)
    jobs.send('stop')
    await expect.poll(total).toBe(100)
    const got = workers.map(w => w.events.map(e => e.data as number))
    expect(got.flat().sort((a, b) => a - b)).toEqual([...Array(100).keys()])
    // Each receiver sees its share in the order it was sent.
    for (const list of got) expect(list).toEqual([...list].sort((a, b) => a - b))
    expect(got.some(list => list.filter(n => n >= 10).length === 90)).toBe(true)
  })

  it('never hands a child its own message, even when it is the only other listener', async () => {
    const [a, b] = ['solo-a', 'solo-b']
    const agentA = await startAgent(a)
    const agentB = await startAgent(b)
    await agentA.call('register', 'pair')
    await agentA.call('listen', 'pair')
    await agentB.call('listen', 'pair')
    await agentA.call('sendMany', 'pair', 10)
    await agentB.waitForEvents(e => e.kind === 'message', 10)
    await agentB.call('echo', 0)
    expect(agentA.events.filter(e => e.kind === 'message')).toEqual([])
  })
})

describe("the docs' work-queue example, run as a reader would", () => {
  for (const lang of ['', 'zh/'] as const) {
    it(`${lang === '' ? 'English' : 'Chinese'}: waits until its 3 workers listen, then splits 30 jobs between them, none doing more than 12`, async () => {
      const main = runSnippet(`${lang}guide`, 'work-queue.js')
      onTestFinished(() => void main.child.kill('SIGKILL'))
      await until(
        () => main.lines.filter(line => / did job \d+$/.test(line)).length >= 30,
        30_000,
        () => `30 jobs done in:\n${main.lines.join('\n')}`,
      )
      const done = main.lines.filter(line => / did job \d+$/.test(line))
      expect(main.lines.findIndex(line => line.includes(' did job '))).toBeGreaterThan(main.lines.findLastIndex(line => line.endsWith(' listens')))
      expect(done.map(line => Number(line.split(' ').at(-1))).toSorted((a, b) => a - b)).toEqual([...Array(30).keys()])
      const counts = ['worker-1', 'worker-2', 'worker-3'].map(worker => done.filter(line => line.startsWith(`${worker} `)).length)
      expect(Math.max(...counts), `jobs per worker: ${counts.join('/')}`).toBeLessThanOrEqual(12)
    })
  }
})
