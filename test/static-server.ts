import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { isSiteDist, siteBuilt } from './site-build.js'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
}

/**
 * Serves a built site on localhost the way a static host does: clean URLs,
 * 404.html for what is missing, and the response headers of the site's
 * Netlify-style `_headers` file.
 */
export async function serveStatic(
  dir: string,
  /** Handles what it wants (an API next to the site) and resolves to whether it did. */
  extra?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>,
  /** `headers: false` serves like a host that cannot set headers: `_headers` is ignored. */
  options: { headers?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  // The built site is served once the run's one build of it has ended.
  if (isSiteDist(dir)) await siteBuilt()
  const rules = options.headers === false ? [] : parseHeaders(join(dir, '_headers'))
  const server = createServer(async (request, response) => {
    if (extra && (await extra(request, response))) return
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    const file = resolveFile(dir, path)
    const status = file ? 200 : 404
    const body = readFileSync(file ?? join(dir, '404.html'))
    const headers: Record<string, string> = { 'content-type': TYPES[file ? extname(file) : '.html'] ?? 'application/octet-stream' }
    for (const rule of rules) if (rule.matches(path)) Object.assign(headers, rule.headers)
    response.writeHead(status, headers).end(body)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}

function resolveFile(dir: string, path: string): string | undefined {
  const safe = normalize(path).replace(/^(\.\.[/\\])+/, '')
  const candidates = safe.endsWith('/') ? [join(dir, safe, 'index.html')] : [join(dir, safe), `${join(dir, safe)}.html`, join(dir, safe, 'index.html')]
  return candidates.find(candidate => existsSync(candidate) && statSync(candidate).isFile())
}

export interface HeaderRule {
  matches(path: string): boolean
  headers: Record<string, string>
}

/** The `_headers` format: a path pattern line, then indented `Name: value` lines. */
export function parseHeaders(file: string): HeaderRule[] {
  if (!existsSync(file)) return []
  const rules: HeaderRule[] = []
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    if (!/^\s/.test(line)) {
      const pattern = new RegExp(
        `^${line
          .trim()
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')}$`,
      )
      rules.push({ matches: path => pattern.test(path), headers: {} })
    } else {
      const [name, ...value] = line.trim().split(':')
      rules.at(-1)!.headers[name!.trim()] = value.join(':').trim()
    }
  }
  return rules
}
