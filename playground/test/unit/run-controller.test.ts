import { describe, expect, it } from 'vitest'
import type { Stream } from '../../src/output'
import { createRunController, type RunPhase } from '../../src/run-controller'
import type { Files, PlaygroundRuntime } from '../../src/runtime'

const batch = (events: object[]): string => `\u001B]7719;${JSON.stringify(events)}\u0007`

/** A runtime whose run the test drives by hand: what it prints, when it exits, what Stop does. */
function scriptedRuntime(options: { failMount?: string } = {}) {
  let print: (text: string, stream?: Stream) => void = () => {}
  let exit: (code: number | null) => void = () => {}
  const mounted: Files[] = []
  let stops = 0
  let runs = 0
  let started!: () => void
  const running = new Promise<void>(resolve => (started = resolve))
  const runtime: PlaygroundRuntime = {
    kind: 'local',
    async boot() {},
    async mount(files) {
      if (options.failMount) throw new Error(options.failMount)
      mounted.push(files)
    },
    async run(_entry, onOutput) {
      runs++
      print = onOutput
      const exited = new Promise<number | null>(resolve => (exit = resolve))
      started()
      return {
        exit: exited,
        stop: async () => {
          stops++
          // A stopped main dies of the signal.
          exit(null)
        },
      }
    },
  }
  return {
    runtime,
    mounted,
    running,
    print: (text: string, stream?: Stream) => print(text, stream),
    exit: (code: number | null) => exit(code),
    stops: () => stops,
    runs: () => runs,
  }
}

function controller() {
  const phases: RunPhase['kind'][] = []
  const output: Array<[string, Stream]> = []
  const run = createRunController({
    compileFiles: sources => Object.fromEntries(Object.entries(sources).map(([name, source]) => [name.replace(/\.ts$/, '.js'), `// ${name}\n${source}`])),
    onOutput: (text, stream) => output.push([text, stream]),
    onPhase: phase => phases.push(phase.kind),
  })
  return { run, phases, output }
}

const mainRunning = batch([{ type: 'process', name: 'main', state: 'running', pid: 1 }])
const workerRunning = batch([{ type: 'process', name: 'worker', state: 'running', pid: 2 }])
const states = (c: ReturnType<typeof controller>) => c.run.view.processes.map(p => [p.name, p.state, p.code])

describe('the run controller', () => {
  it('goes compiling, starting, running, exited with the code, and mounts the compiled files', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': 'main', 'child.ts': 'child' })
    expect(c.run.busy).toBe(true)
    await script.running
    script.print(`hello\n${mainRunning}`)
    script.exit(0)
    await done
    expect(c.phases).toEqual(['compiling', 'starting', 'running', 'exited'])
    expect(c.run.phase).toEqual({ kind: 'exited', code: 0 })
    expect(c.run.busy).toBe(false)
    expect(script.mounted).toEqual([{ 'main.js': '// main.ts\nmain', 'child.js': '// child.ts\nchild' }])
    // The inspection stream is taken out of the output and drawn in the view.
    expect(c.output).toEqual([['hello\n', 'stdout']])
  })

  it('shows main exited with 0 after a normal exit, and children it did not report ended as stopped', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.print(mainRunning + workerRunning)
    expect(states(c)).toEqual([
      ['main', 'running', undefined],
      ['worker', 'running', undefined],
    ])
    script.exit(0)
    await done
    expect(states(c)).toEqual([
      ['main', 'exited', 0],
      ['worker', 'stopped', undefined],
    ])
  })

  it('shows main crashed with its code when it exits with another', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.print(mainRunning)
    script.exit(1)
    await done
    expect(c.run.phase).toEqual({ kind: 'exited', code: 1 })
    expect(states(c)).toEqual([['main', 'crashed', 1]])
  })

  it('shows main, which reported nothing before it threw, as crashed', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.exit(1)
    await done
    expect(states(c)).toEqual([['main', 'crashed', 1]])
  })

  it('stops: the runtime is asked once, the phase and the view say stopped', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.print(mainRunning + workerRunning)
    await c.run.stop()
    await done
    expect(script.stops()).toBe(1)
    expect(c.phases.at(-1)).toBe('stopped')
    expect(states(c)).toEqual([
      ['main', 'stopped', undefined],
      ['worker', 'stopped', undefined],
    ])
  })

  it('a Stop before main has started ends the run without starting it', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const done = c.run.run(script.runtime, { 'main.ts': '' })
    const stopping = c.run.stop()
    await Promise.all([done, stopping])
    expect(script.runs()).toBe(0)
    expect(c.phases).toEqual(['compiling', 'starting', 'stopped'])
    expect(c.run.view.processes).toEqual([])
  })

  it('Reset stops the run and empties the view', async () => {
    const c = controller()
    const script = scriptedRuntime()
    void c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.print(mainRunning)
    await c.run.reset()
    expect(c.run.phase).toEqual({ kind: 'idle' })
    expect(c.phases.slice(-2)).toEqual(['stopped', 'idle'])
    expect(c.run.view.processes).toEqual([])
  })

  it('fails with the error when compiling or mounting throws, and shows no main that never ran', async () => {
    const c = controller()
    const broken = createRunController({
      compileFiles: () => {
        throw new Error('Error transforming main.ts: Unexpected token (1:1)')
      },
      onOutput: () => {},
    })
    await broken.run(scriptedRuntime().runtime, { 'main.ts': ')' })
    expect(broken.phase).toEqual({ kind: 'failed', message: 'Error transforming main.ts: Unexpected token (1:1)' })
    expect(broken.view.processes).toEqual([])
    await c.run.run(scriptedRuntime({ failMount: 'refused' }).runtime, { 'main.ts': '' })
    expect(c.run.phase).toEqual({ kind: 'failed', message: 'refused' })
  })

  it('refuses a second run while one is under way', async () => {
    const c = controller()
    const script = scriptedRuntime()
    const first = c.run.run(script.runtime, { 'main.ts': '' })
    const second = c.run.run(script.runtime, { 'main.ts': '' })
    await script.running
    script.exit(0)
    await Promise.all([first, second])
    expect(script.mounted).toHaveLength(1)
    expect(c.phases.filter(kind => kind === 'compiling')).toHaveLength(1)
  })

  it('starts each run with an empty view', async () => {
    const c = controller()
    for (const name of ['a', 'b']) {
      const script = scriptedRuntime()
      const done = c.run.run(script.runtime, { 'main.ts': '' })
      await script.running
      script.print(batch([{ type: 'process', name, state: 'running' }]))
      script.exit(0)
      await done
    }
    expect(c.run.view.processes.map(p => p.name)).toEqual(['main', 'b'])
  })
})
