import { reportError } from '../runtime/report.js'
import type { Frame } from '../protocol/frames.js'
import type { ChildEnv } from '../runtime/runtime.js'
import type { Transport } from '../types.js'

type Import = (specifier: string) => Promise<Record<string, unknown>>
let dynamicImport: Import | undefined

/**
 * `import()` that stays one in the CommonJS build too: TypeScript turns a
 * literal `import()` into `require()` there, which cannot load an ES module
 * or a `file:` URL. Made on first use only, so that runtimes which forbid
 * `new Function` are affected only when they choose such a transport.
 */
function importModule(specifier: string): Promise<Record<string, unknown>> {
  dynamicImport ??= new Function('specifier', 'return import(specifier)') as Import
  return dynamicImport(specifier)
}

/**
 * The child's end of a transport other than fork IPC. Its module loads
 * asynchronously, but the runtime must be usable at once: frames and calls
 * wait, in order, until the real transport is there. If it cannot be made the
 * child cannot reach main, so it reports why and exits with code 1.
 */
export function loadChildTransport({ module, options }: NonNullable<ChildEnv['transport']>): Transport {
  let real: Transport | undefined
  let closed = false
  let keepAlive: boolean | undefined
  let frameListener: (frame: Frame) => void = () => {}
  const closeListeners: Array<() => void> = []
  const waiting: Array<(transport: Transport) => void> = []

  const close = (): void => {
    if (closed) return
    closed = true
    waiting.length = 0
    for (const listener of closeListeners.splice(0)) listener()
  }

  importModule(module)
    .then(async exports => {
      const create = exports.createChildTransport
      if (typeof create !== 'function') throw new TypeError(`the module ${module} does not export a createChildTransport function.`)
      return await (create as (options: unknown) => Transport | Promise<Transport>)(options)
    })
    .then(
      transport => {
        real = transport
        transport.onFrame(frame => frameListener(frame))
        transport.onClose(close)
        if (keepAlive === true) transport.ref?.()
        if (keepAlive === false) transport.unref?.()
        for (const run of waiting.splice(0)) run(transport)
      },
      (error: unknown) => {
        reportError(`this child could not make its transport to main from ${module}`, error)
        process.exit(1)
      },
    )

  const later = (run: (transport: Transport) => void): void => {
    if (real) run(real)
    else if (!closed) waiting.push(run)
  }

  return {
    get closed() {
      return closed || real?.closed === true
    },
    send: (frame, size) => later(transport => transport.send(frame, size)),
    onFrame(listener) {
      frameListener = listener
    },
    onClose(listener) {
      if (closed) listener()
      else closeListeners.push(listener)
    },
    flush(callback) {
      if (closed && !real) callback?.()
      else later(transport => transport.flush(callback))
    },
    close() {
      if (real) real.close()
      else close()
    },
    ref() {
      keepAlive = true
      real?.ref?.()
    },
    unref() {
      keepAlive = false
      real?.unref?.()
    },
  }
}
