import type { FakeMachine } from './fake-webcontainer'
import type { MachineEvent } from './machine-server'

/** A machine of machine-server.ts, from the browser: the fake WebContainer's processes run on the test's Node.js. */
export async function createHttpMachine(base: string): Promise<FakeMachine> {
  const post = async (action: string, body: object): Promise<Response> => {
    const response = await fetch(`${base}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    if (!response.ok) throw new Error(`The fake WebContainer's machine refused ${action}: ${await response.text()}`)
    return response
  }
  const { id } = (await (await post('create', {})).json()) as { id: string }
  return {
    async mount(tree) {
      await post('mount', { id, tree })
    },
    async rm(path, options) {
      await post('rm', { id, path, options })
    },
    async spawn(command, args, env) {
      const response = await post('spawn', { id, command, args, env })
      const process = response.headers.get('x-process-id')
      let exited!: (code: number) => void
      const exit = new Promise<number>(resolve => {
        exited = resolve
      })
      // Read at once, whether or not anyone reads the output: `exit` must not wait for a reader.
      const pump = async (controller: ReadableStreamDefaultController<string>): Promise<void> => {
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
        let buffered = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          buffered += value
          const lines = buffered.split('\n')
          buffered = lines.pop()!
          for (const line of lines.filter(Boolean)) {
            const event = JSON.parse(line) as MachineEvent
            if (event.type === 'output') controller.enqueue(event.text)
            else exited(event.code)
          }
        }
        controller.close()
        // Gone without saying how it ended: as a killed process's, the code is 1.
        exited(1)
      }
      const output = new ReadableStream<string>({
        start(controller) {
          void pump(controller).catch((error: unknown) => {
            controller.error(error)
            exited(1)
          })
        },
      })
      return {
        output,
        exit,
        kill: () => void post('kill', { process }),
      }
    },
  }
}
