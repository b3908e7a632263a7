import { ChannelFullError, ProcessExitedError } from './errors.js'
import { createIpcTransport } from './ipc-transport.js'
import { deliverPublication, deliverToEnd } from './local-dispatch.js'
import { MAIN } from './main-runtime.js'
import { PROTOCOL_VERSION, deserializeError, sizeField, type ChildFrame, type MainFrame } from './protocol.js'
import type { ChildEnv, Runtime } from './runtime.js'
import { getSerializer } from './serializer.js'

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  what: string
}

/** In a child every call becomes a frame to main over the IPC channel. */
export function createChildRuntime(env: ChildEnv): Runtime {
  const serializer = getSerializer(env.serialization)
  const transport = createIpcTransport(process)
  const send = (frame: ChildFrame): void => transport.send(frame)
  const pending = new Map<number, Pending>()
  let nextId = 1

  const runtime: Runtime = {
    role: 'child',
    name: env.name,
    serializer,
    hub: undefined,
    ends: new Map(),
    known: new Map(env.channels),
    subscribers: new Map(),
    own: wire => serializer.decode(wire),
    client: {
      hold: (c, o) => send(o && Object.keys(o).length > 0 ? { t: 'hold', c, o } : { t: 'hold', c }),
      register: (c, o) => send({ t: 'reg', c, o }),
      listen: c => send({ t: 'listen', c }),
      unlisten: c => send({ t: 'unlisten', c }),
      send: (c, d, size) => transport.send({ t: 'send', c, d, ...sizeField(size) }, size),
      requeue: (c, messages) => send({ t: 'requeue', c, d: messages.map(m => [m.from, m.wire]) }),
      request: (r, what) => new Promise((resolve, reject) => {
        if (transport.closed) return reject(new ProcessExitedError(MAIN, what))
        const id = nextId++
        pending.set(id, { resolve, reject, what })
        send({ t: 'req', id, r })
      }),
      subscribe: topic => send({ t: 'sub', topic }),
      unsubscribe: topic => send({ t: 'unsub', topic }),
      requestRestart: () => send({ t: 'restart' }),
    },
  }

  const settle = (id: number, action: (p: Pending) => void): void => {
    const entry = pending.get(id)
    if (!entry) return
    pending.delete(id)
    action(entry)
  }

  transport.onFrame((raw) => {
    const frame = raw as MainFrame
    switch (frame.t) {
      case 'msg': return deliverToEnd(runtime, frame.c, { from: frame.s, wire: frame.d, size: frame.z ?? 0 })
      case 'pub': return deliverPublication(runtime, frame.topic, frame.d)
      case 'reg': return void runtime.known.set(frame.c, frame.o ?? {})
      case 'res': return settle(frame.id, p => p.resolve(frame.v))
      case 'err': return settle(frame.id, p => p.reject(deserializeError(frame.e)))
      case 'full': return runtime.ends.get(frame.c)?.refused(new ChannelFullError(frame.c, frame.max))
      case 'peer-exit': return runtime.ends.get(frame.c)?.peerExited({ process: frame.p, code: frame.code, signal: frame.signal })
      case 'stop': return stopGracefully()
    }
  })

  // Unconsumed messages go back to main so a restarted child (or another holder) gets them.
  const stopGracefully = (): void => {
    for (const [channel, end] of runtime.ends) {
      const unconsumed = end.drain()
      if (unconsumed.length > 0) runtime.client.requeue(channel, unconsumed)
    }
    transport.flush(() => process.exit(0))
  }

  // Main is gone (exited, crashed or killed): settle every wait, then leave; no orphans.
  transport.onClose(() => {
    for (const entry of pending.values()) entry.reject(new ProcessExitedError(MAIN, entry.what))
    pending.clear()
    for (const end of runtime.ends.values()) end.peerExited({ process: MAIN, code: null, signal: null })
    setImmediate(() => process.exit(0))
  })

  send({ t: 'hello', pid: process.pid, version: PROTOCOL_VERSION })
  return runtime
}
