import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalRuntimeServer, type LocalRuntimeServer } from '../server/local-runtime-server'
import { createLocalRuntime } from '../src/local-runtime'
import { createInspectFilter, type InspectEvent } from '../src/inspect'
import { createLineSplitter, type OutputLine } from '../src/output'
import { RuntimeUnavailableError, type PlaygroundRuntime } from '../src/runtime'
import { createWebContainerRuntime } from '../src/webcontainer-runtime'
import { createNodeFakeWebContainer } from './node-machine'
import { isAlive as alive } from '../../packages/comm/test/helpers'

const packageDir = fileURLToPath(new URL('../../packages/comm', import.meta.url))

// Real liteyuki-comm code: main forks a child, both print, the child answers.
const FILES = {
  'main.js': `import { getBot, getChannel } from 'liteyuki-comm'
const bot = getBot()
bot.addProcess('helper', new URL('./child.js', import.meta.url))
getChannel('helper-passive').onReceive(async (text) => {
  console.log('main got ' + text)
  if (process.argv[2] !== 'forever') await bot.stop()
})
console.log('main ' + (process.argv[2] ?? 'starts'))
await bot.start()
`,
  'child.js': `import { passiveChannel } from 'liteyuki-comm'
console.log('child is up')
console.log('child pid ' + process.pid)
passiveChannel.send('hello')
`,
}

// Main never stops the bot, and the child keeps a listening end, which keeps it alive.
const FOREVER = {
  'main.js': FILES['main.js'].replace("process.argv[2] !== 'forever'", 'false'),
  'child.js': `${FILES['child.js']}passiveChannel.onReceive(() => {})\n`,
}

/** Reads a run as the page does: the library's inspection sequences are taken out of the output first. */
async function collect(runtime: PlaygroundRuntime, entry = 'main.js'): Promise<{ lines: OutputLine[]; code: number | null; events: InspectEvent[] }> {
  const lines: OutputLine[] = []
  const events: InspectEvent[] = []
  const splitter = createLineSplitter(line => lines.push({ process: line.process, text: line.text }))
  const inspect = createInspectFilter(batch => events.push(...batch))
  const handle = await runtime.run(entry, text => {
    const shown = inspect.push(text)
    if (shown !== '') splitter.push(shown)
  })
  const code = await handle.exit
  splitter.end()
  return { lines, code, events }
}

let server: Server
let local: LocalRuntimeServer
let origin: string

beforeAll(async () => {
  local = createLocalRuntimeServer({ packageDir })
  server = createServer((request, response) => {
    void local.handle(request, response).then(handled => {
      if (!handled) response.writeHead(404).end()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  local.close()
  await new Promise(resolve => server.close(resolve))
})

/** The page's own fetch: same origin, as a browser would send it. */
const pageFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), origin } })

const implementations: Array<[string, () => PlaygroundRuntime]> = [
  ['local', () => createLocalRuntime({ endpoint: `${origin}/__playground`, fetch: pageFetch })],
  [
    'webcontainer (fake @webcontainer/api)',
    () => createWebContainerRuntime({ load: async () => createNodeFakeWebContainer(), isolated: () => true, reachable: async () => true }),
  ],
]

describe.each(implementations)('the %s runtime', (_, create) => {
  let runtime: PlaygroundRuntime
  beforeAll(async () => {
    runtime = create()
    await runtime.boot()
  })

  it('mounts files next to liteyuki-comm, runs node, and streams labelled output', async () => {
    await runtime.mount(FILES)
    const { lines, code, events } = await collect(runtime)
    expect(code).toBe(0)
    expect(lines).toEqual(
      expect.arrayContaining([
        { process: 'main', text: 'main starts' },
        { process: 'helper', text: 'child is up' },
        { process: 'main', text: 'main got hello' },
      ]),
    )
    // The runtime switched the library's inspection on: the live view gets the real processes and messages.
    expect(events).toContainEqual(expect.objectContaining({ type: 'process', name: 'helper', state: 'running' }))
    expect(events).toContainEqual(expect.objectContaining({ type: 'messages', channel: 'helper-passive', from: 'helper', to: 'main' }))
  })

  it('replaces the previous files on mount', async () => {
    await runtime.mount({ 'main.js': 'console.log("first")' })
    expect((await collect(runtime)).lines).toEqual([{ process: 'main', text: 'first' }])
    await runtime.mount({ 'main.js': 'console.log("second")' })
    expect((await collect(runtime)).lines).toEqual([{ process: 'main', text: 'second' }])
  })

  it('stops a run that would go on forever, children included', async () => {
    await runtime.mount(FOREVER)
    const seen: string[] = []
    const handle = await runtime.run('main.js', text => seen.push(text))
    await expect.poll(() => seen.join(''), { timeout: 15_000 }).toContain('main got hello')
    const childPid = Number(/child pid (\d+)/.exec(seen.join(''))![1])
    expect(alive(childPid)).toBe(true)
    await handle.stop()
    const code = await handle.exit
    expect(code === null || code !== 0).toBe(true)
    await expect.poll(() => alive(childPid), { timeout: 10_000 }).toBe(false)
  })

  it("tells stderr from stdout, main's and its children's, though a WebContainer's terminal merges them", async () => {
    await runtime.mount({
      'main.js': `import { getBot, getChannel } from 'liteyuki-comm'
console.log('out'); console.error('err')
process.stderr.write(Buffer.from('bytes\\n'))
const bot = getBot()
bot.addProcess('helper', new URL('./child.js', import.meta.url))
getChannel('helper-passive').onReceive(() => bot.stop())
await bot.start()
`,
      'child.js': "import { passiveChannel } from 'liteyuki-comm'\nconsole.log('child out'); console.error('child err')\npassiveChannel.send('done')\n",
    })
    const lines: OutputLine[] = []
    const splitters = { stdout: createLineSplitter(line => lines.push(line)), stderr: createLineSplitter(line => lines.push(line), { stream: 'stderr' }) }
    const inspect = createInspectFilter(() => {})
    const handle = await runtime.run('main.js', (text, stream = 'stdout') => splitters[stream].push(stream === 'stdout' ? inspect.push(text) : text))
    await handle.exit
    expect(lines).toEqual(
      expect.arrayContaining([
        { process: 'main', text: 'out', stream: 'stdout' },
        { process: 'main', text: 'err', stream: 'stderr' },
        { process: 'main', text: 'bytes', stream: 'stderr' },
        { process: 'helper', text: 'child out', stream: 'stdout' },
        { process: 'helper', text: 'child err', stream: 'stderr' },
      ]),
    )
    // Nothing of the marks is left in the text.
    const text = lines.map(line => line.text).join('')
    expect(text).not.toContain('\u001B')
    expect(text).not.toContain('7720')
  })

  it("shows main's uncaught exception on stderr and exits with 1, as Node.js does", async () => {
    await runtime.mount({ 'main.js': "console.log('before')\nsetTimeout(() => { throw new TypeError('broken on purpose') })\n" })
    const chunks: Array<[string, string | undefined]> = []
    const handle = await runtime.run('main.js', (text, stream) => chunks.push([text, stream]))
    expect(await handle.exit).toBe(1)
    const stderr = chunks
      .filter(([, stream]) => stream === 'stderr')
      .map(([text]) => text)
      .join('')
    expect(stderr).toContain('TypeError: broken on purpose')
    expect(stderr).toMatch(/Node\.js v\d+/)
    expect(chunks.filter(([text]) => text.includes('before')).map(([, stream]) => stream)).toEqual(['stdout'])
  })

  it("leaves an uncaught exception to the reader's own handler", async () => {
    await runtime.mount({
      'main.js':
        "process.on('uncaughtException', (error) => console.log('handled ' + error.message))\nsetTimeout(() => { throw new Error('oops') })\nsetTimeout(() => console.log('still here'), 50)\n",
    })
    const { lines, code } = await collect(runtime)
    expect(code).toBe(0)
    expect(lines).toEqual([
      { process: 'main', text: 'handled oops' },
      { process: 'main', text: 'still here' },
    ])
  })

  it('starts main with its children labelled and the inspection stream on', async () => {
    await runtime.mount({ 'main.js': 'console.log(process.env.LITEYUKI_COMM_STDIO, process.env.LITEYUKI_COMM_INSPECT)' })
    expect((await collect(runtime)).lines).toEqual([{ process: 'main', text: 'prefix 1' }])
  })

  it("runs with only the environment it is given, not the host's", async () => {
    process.env.LITEYUKI_PLAYGROUND_SECRET = "not for the reader's code"
    try {
      await runtime.mount({ 'main.js': 'console.log(String(process.env.LITEYUKI_PLAYGROUND_SECRET))' })
      expect((await collect(runtime)).lines).toEqual([{ process: 'main', text: 'undefined' }])
    } finally {
      delete process.env.LITEYUKI_PLAYGROUND_SECRET
    }
  })
})

describe('the WebContainer runtime', () => {
  it('ends a run with the message of an internal error of the container', async () => {
    const api = createNodeFakeWebContainer()
    const runtime = createWebContainerRuntime({ load: async () => api, isolated: () => true, reachable: async () => true })
    await runtime.boot()
    await runtime.mount({ 'main.js': 'setInterval(() => {}, 1000)\n' })
    const handle = await runtime.run('main.js', () => {})
    api.raiseError('out of memory')
    await expect(handle.exit).rejects.toThrow('The WebContainer reported an error: out of memory')
    await handle.stop()
  })

  it('boots once per page', async () => {
    const api = createNodeFakeWebContainer()
    const runtime = createWebContainerRuntime({ load: async () => api, isolated: () => true, reachable: async () => true })
    await Promise.all([runtime.boot(), runtime.boot()])
    await runtime.boot()
    expect(api.boots).toBe(1)
  })

  it('explains instead of booting when the page is not cross-origin isolated', async () => {
    const runtime = createWebContainerRuntime({ load: async () => createNodeFakeWebContainer(), isolated: () => false })
    await expect(runtime.boot()).rejects.toMatchObject({ name: 'RuntimeUnavailableError', reason: 'not-isolated' })
  })

  it('uses a boot that finishes after the time limit when asked again', async () => {
    const api = createNodeFakeWebContainer({ bootDelay: 400 })
    const runtime = createWebContainerRuntime({ load: async () => api, isolated: () => true, reachable: async () => true, bootTimeout: 50 })
    await expect(runtime.boot()).rejects.toMatchObject({ reason: 'timeout' })
    // Each try waits for the same boot again, until it is done.
    await expect
      .poll(
        () =>
          runtime.boot().then(
            () => true,
            () => false,
          ),
        { timeout: 10_000 },
      )
      .toBe(true)
    await runtime.mount({ 'main.js': 'console.log("late but here")' })
    expect((await collect(runtime)).lines).toEqual([{ process: 'main', text: 'late but here' }])
    expect(api.boots).toBe(1)
  })

  it('says at once that StackBlitz cannot be reached, without waiting for a boot', async () => {
    const api = createNodeFakeWebContainer({ neverBoot: true })
    const runtime = createWebContainerRuntime({ load: async () => api, isolated: () => true, reachable: async () => false })
    await expect(runtime.boot()).rejects.toMatchObject({ name: 'RuntimeUnavailableError', reason: 'offline' })
    expect(api.boots).toBe(0)
  })

  it('gives up after its time limit when boot() never settles', async () => {
    const runtime = createWebContainerRuntime({
      load: async () => createNodeFakeWebContainer({ neverBoot: true }),
      isolated: () => true,
      reachable: async () => true,
      bootTimeout: 200,
    })
    const error = await runtime.boot().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RuntimeUnavailableError)
    expect(error).toMatchObject({ reason: 'timeout' })
  })
})

describe('the fake @webcontainer/api keeps the rules of the real one', () => {
  const options = { coep: 'require-corp' as const, workdirName: 'playground' }

  it('boots one instance at a time, and another only after teardown()', async () => {
    const api = createNodeFakeWebContainer({ bootDelay: 50 })
    const [first, second] = await Promise.allSettled([api.WebContainer.boot(options), api.WebContainer.boot(options)])
    expect(first.status).toBe('fulfilled')
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'Only a single WebContainer instance can be booted' } })
    const instance = (first as PromiseFulfilledResult<Awaited<ReturnType<typeof api.WebContainer.boot>>>).value
    expect(instance.workdir).toBe('/home/playground')
    instance.teardown()
    await expect(instance.mount({})).rejects.toThrow('WebContainer already torn down')
    expect(() => instance.teardown()).toThrow('WebContainer already torn down')
    const again = await api.WebContainer.boot(options)
    await again.mount({ 'main.js': { file: { contents: 'console.log(1)' } } })
    expect(api.boots).toBe(3)
  })

  it('refuses a workdirName that is not a folder name, and rejects a boot that fails', async () => {
    await expect(createNodeFakeWebContainer().WebContainer.boot({ ...options, workdirName: 'a/b' })).rejects.toThrow(
      'workdirName should be a valid folder name',
    )
    await expect(createNodeFakeWebContainer({ failBoot: 'Unable to connect' }).WebContainer.boot(options)).rejects.toThrow('Unable to connect')
  })

  it("gives a terminal's output, ends only the process it kills, and tells its listeners' unsubscribe apart", async () => {
    const api = createNodeFakeWebContainer()
    const wc = await api.WebContainer.boot(options)
    const errors: string[] = []
    const unsubscribe = wc.on('error', (error: { message: string }) => errors.push(error.message))
    api.raiseError('first')
    unsubscribe()
    api.raiseError('second')
    expect(errors).toEqual(['first'])
    await wc.mount({ 'main.js': { file: { contents: "console.log('a'); console.error('b')" } } })
    const process = await wc.spawn('node', ['main.js'])
    let output = ''
    await process.output.pipeTo(new WritableStream({ write: text => void (output += text) }))
    expect(await process.exit).toBe(0)
    expect(output.split('\r\n').sort()).toEqual(['', 'a', 'b'])
  })
})

describe('the local runtime server', () => {
  const post = (path: string, body: unknown, headers: Record<string, string> = { origin }) =>
    fetch(`${origin}/__playground${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

  it('refuses requests from other origins, and without one', async () => {
    expect((await post('/mount', { files: { 'main.js': '' } }, { origin: 'http://evil.example' })).status).toBe(403)
    expect((await post('/mount', { files: { 'main.js': '' } }, {})).status).toBe(403)
  })

  it('refuses a request that names another host, as DNS rebinding would', async () => {
    // fetch() will not send another Host; a rebound page's browser would.
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        `${origin}/__playground/mount`,
        { method: 'POST', headers: { host: 'attacker.example', origin: 'http://attacker.example', 'content-type': 'application/json' } },
        response => {
          let text = ''
          response
            .setEncoding('utf8')
            .on('data', (chunk: string) => {
              text += chunk
            })
            .on('end', () => resolve({ status: response.statusCode!, body: text }))
        },
      )
      request.once('error', reject).end(JSON.stringify({ files: { 'main.js': '' } }))
    })
    expect(status).toBe(403)
    expect(body).toContain('localhost only')
  })

  it('refuses file names that could leave the folder', async () => {
    const response = await post('/mount', { files: { '../escape.js': 'x' } })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('refusing the file name')
  })

  it('refuses to run before anything was mounted', async () => {
    expect((await post('/run', { session: 'nope', entry: 'main.js' })).status).toBe(400)
  })
})
