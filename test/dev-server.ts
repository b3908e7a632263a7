import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { root } from './docs-pages.js'

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
  })
}

export interface DevServer {
  url: string
  /** Everything the dev server printed so far, both streams. */
  output(): string
  stop(): void
}

/**
 * `vitepress dev` as `npm run dev` starts it (the package is built already),
 * on a free port. Resolves once it answers, whatever it prints meanwhile.
 */
export async function startDevServer(options: { env?: NodeJS.ProcessEnv } = {}): Promise<DevServer> {
  const port = await freePort()
  const url = `http://localhost:${port}`
  const dev = spawn(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'dev', '--port', String(port), '--strictPort'], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const collect = (chunk: Buffer): void => {
    output += chunk.toString()
  }
  dev.stdout.on('data', collect)
  dev.stderr.on('data', collect)
  for (let answered = false; !answered;) {
    if (dev.exitCode !== null) throw new Error(`vitepress dev exited with ${dev.exitCode}:\n${output}`)
    answered = await fetch(`${url}/`).then(
      response => response.ok,
      () => false,
    )
    if (!answered) await new Promise(resolve => setTimeout(resolve, 250))
  }
  return { url, output: () => output, stop: () => void dev.kill() }
}
