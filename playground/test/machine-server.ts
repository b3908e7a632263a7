import { randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FakeMachine } from './fake-webcontainer'
import { createNodeMachine } from './node-machine'

/** Messages of a spawned process's streamed response, one JSON object per line. */
export type MachineEvent = { type: 'output'; text: string } | { type: 'exit'; code: number }

/**
 * The Node.js machines of the fake WebContainer (node-machine.ts), served over
 * HTTP to a browser that runs the fake (http-machine.ts): a browser test runs
 * the playground's real page code against a container that really runs
 * `node`. For tests only: it runs what it is sent, so it answers on loopback
 * only, and only `node`.
 */
export function createMachineServer(base = '/__fake-webcontainer/machine'): {
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>
  close(): void
} {
  const machines = new Map<string, FakeMachine & { dir: string }>()
  const processes = new Map<string, { kill(): void }>()

  const actions: Record<string, (body: any, response: ServerResponse) => Promise<unknown>> = {
    async create() {
      const id = randomUUID()
      machines.set(id, createNodeMachine())
      return { id }
    },
    async mount(body) {
      await machine(body.id).mount(body.tree)
      return {}
    },
    async rm(body) {
      await machine(body.id).rm(body.path, body.options)
      return {}
    },
    async spawn(body, response) {
      if (body.command !== 'node') throw new TypeError('the fake runs node only')
      const process = await machine(body.id).spawn('node', body.args, body.env)
      const id = randomUUID()
      processes.set(id, process)
      response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-process-id': id })
      const send = (event: MachineEvent): void => {
        response.write(`${JSON.stringify(event)}\n`)
      }
      // The page went away: nobody is watching this process any more.
      let exited = false
      response.once('close', () => {
        if (!exited) process.kill()
      })
      const reader = process.output.getReader()
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        send({ type: 'output', text: value })
      }
      send({ type: 'exit', code: await process.exit })
      exited = true
      processes.delete(id)
      response.end()
      return undefined
    },
    async kill(body) {
      processes.get(body.process)?.kill()
      return {}
    },
  }

  const machine = (id: unknown): FakeMachine => {
    const found = typeof id === 'string' ? machines.get(id) : undefined
    if (!found) throw new TypeError('unknown machine')
    return found
  }

  return {
    async handle(request, response) {
      const url = new URL(request.url ?? '/', 'http://localhost')
      if (!url.pathname.startsWith(`${base}/`)) return false
      if (!['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '') || request.method !== 'POST') {
        response.writeHead(403).end()
        return true
      }
      const action = actions[url.pathname.slice(base.length + 1)]
      if (!action) {
        response.writeHead(404).end()
        return true
      }
      try {
        let text = ''
        for await (const chunk of request) text += chunk
        const result = await action(JSON.parse(text || '{}'), response)
        if (result !== undefined) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result))
      } catch (error) {
        if (!response.headersSent) response.writeHead(400, { 'content-type': 'text/plain' }).end(String((error as Error).message))
        else response.end()
      }
      return true
    },
    close() {
      for (const process of processes.values()) process.kill()
      for (const { dir } of machines.values()) rmSync(dir, { recursive: true, force: true })
      machines.clear()
    },
  }
}
