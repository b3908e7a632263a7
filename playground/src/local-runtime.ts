import type { Stream } from './output'
import { RuntimeUnavailableError, type PlaygroundRuntime } from './runtime'

/** Messages of the local runtime's streamed response, one JSON object per line. */
export type RunEvent = { type: 'output'; text: string; stream?: Stream } | { type: 'exit'; code: number | null }

/**
 * Runs code on the machine of the dev server (`npm run dev`) with its real
 * `node`: the server side is server/local-runtime-server.ts.
 */
export function createLocalRuntime(options: { endpoint?: string; fetch?: typeof fetch } = {}): PlaygroundRuntime {
  const endpoint = options.endpoint ?? '/__playground'
  const request = options.fetch ?? ((input, init) => fetch(input, init))
  let session: string | undefined

  const post = async (path: string, body: unknown): Promise<Response> => {
    const response = await request(`${endpoint}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`The local runtime refused ${path}: ${response.status} ${await response.text()}`)
    return response
  }

  return {
    kind: 'local',
    async boot() {
      const response = await request(`${endpoint}/health`).catch((error: unknown) => {
        throw new RuntimeUnavailableError('local-unreachable', 'The local runtime of the dev server did not answer.', { cause: error })
      })
      if (!response.ok) throw new RuntimeUnavailableError('local-unreachable', `The local runtime answered ${response.status}.`)
    },
    async mount(files) {
      session = ((await (await post('/mount', { session, files })).json()) as { session: string }).session
    },
    async run(entry, onOutput) {
      const response = await post('/run', { session, entry })
      const id = response.headers.get('x-run-id')
      const exit = readEvents(response, onOutput)
      return {
        exit,
        stop: async () => {
          await post('/stop', { id })
        },
      }
    },
  }
}

async function readEvents(response: Response, onOutput: (text: string, stream?: Stream) => void): Promise<number | null> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffered = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return null
    buffered += value
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines.filter(Boolean)) {
      const event = JSON.parse(line) as RunEvent
      if (event.type === 'output') onOutput(event.text, event.stream)
      else return event.code
    }
  }
}
