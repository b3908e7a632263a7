import { ChannelFullError, ProcessExitedError } from './errors.js'
import { loadChildTransport } from './child-transport.js'
import { createIpcTransport } from './ipc-transport.js'
import { KeepAlive } from './keep-alive.js'
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

/** In a child every call becomes a frame to main over its transport (fork IPC unless main chose another). */
export function createChildRuntime(env: ChildEnv): Runtime {
  const serializer = getSerializer(env.serialization)
  const transport = env.transport ? loadChildTransport(env.transport) : createIpcTransport(process)
  const keepAlive = new KeepAlive(transport)
  const send = (frame: ChildFrame): void => transport.send(frame)
  const pending = new Map<number, Pending>()
  let nextId = 1
  /** Per channel: messages that arrived, so main can tell which of its deliveries are still on their way. */
  const received = new Map<string, number>()
  /** Per listening channel: what keeps the process alive for it. */
  const listening = new Map<string, () => void>()
  /** One per unlisten sent, in order: main's answers come back in the same order. */
  const unlistening: Array<{ release: (() => void) | undefined; acked: () => void }> = []
  const subscriptions = new Map<string, () => void>()

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
      listen: (c, wanted) => {
        if (!listening.has(c)) listening.set(c, keepAlive.hold())
        send(wanted === Number.POSITIVE_INFINITY ? { t: 'listen', c } : { t: 'listen', c, n: wanted, r: received.get(c) ?? 0 })
      },
      // Messages main routed here before it reads this may still arrive: the process
      // stays up until main answers, so that they can be handed back rather than lost.
      unlisten: (c, acked) => {
        unlistening.push({ release: listening.get(c), acked })
        listening.delete(c)
        send({ t: 'unlisten', c })
      },
      // Main delivered exactly what was asked for, so nothing more is on its way.
      satisfied: (c) => {
        listening.get(c)?.()
        listening.delete(c)
      },
      send: (c, d, size) => transport.send({ t: 'send', c, d, ...sizeField(size) }, size),
      requeue: (c, messages) => send({ t: 'requeue', c, d: messages.map(m => [m.from, m.wire, m.seq]) }),
      request: (r, what) => new Promise((resolve, reject) => {
        if (transport.closed) return reject(new ProcessExitedError(MAIN, what))
        const id = nextId++
        const release = keepAlive.hold()
        pending.set(id, {
          resolve: (value) => { release(); resolve(value) },
          reject: (error) => { release(); reject(error) },
          what,
        })
        send({ t: 'req', id, r })
      }),
      subscribe: (topic) => {
        if (!subscriptions.has(topic)) subscriptions.set(topic, keepAlive.hold())
        send({ t: 'sub', topic })
      },
      unsubscribe: (topic) => {
        subscriptions.get(topic)?.()
        subscriptions.delete(topic)
        send({ t: 'unsub', topic })
      },
      // Main will stop this process and start a new one: wait for that.
      requestRestart: () => {
        keepAlive.hold()
        send({ t: 'restart' })
      },
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
      case 'msg':
        received.set(frame.c, (received.get(frame.c) ?? 0) + 1)
        return deliverToEnd(runtime, frame.c, { from: frame.s, wire: frame.d, size: frame.z ?? 0, seq: frame.q })
      case 'pub': return deliverPublication(runtime, frame.topic, frame.d)
      case 'reg': return void runtime.known.set(frame.c, frame.o ?? {})
      case 'res': return settle(frame.id, p => p.resolve(frame.v))
      case 'err': return settle(frame.id, p => p.reject(deserializeError(frame.e)))
      case 'full': return runtime.ends.get(frame.c)?.refused(new ChannelFullError(frame.c, frame.max))
      case 'peer-exit': return runtime.ends.get(frame.c)?.peerExited({ process: frame.p, code: frame.code, signal: frame.signal, before: frame.b === 1 })
      case 'unlistened': {
        const waiting = unlistening.shift()
        waiting?.acked()
        return waiting?.release?.()
      }
      case 'stop': return stopGracefully()
    }
  })

  let stopping = false
  /**
   * Messages no handler started go back to main, so a restarted child (or
   * another holder) gets them; handlers already running finish first. Main
   * kills the process if that takes longer than its `stopTimeout`.
   */
  const stopGracefully = (): void => {
    if (stopping) return
    stopping = true
    keepAlive.hold()
    const settled: Array<Promise<void>> = []
    for (const [channel, end] of [...runtime.ends]) {
      const { unconsumed, settled: done } = end.stop()
      if (unconsumed.length > 0) runtime.client.requeue(channel, unconsumed)
      settled.push(done)
    }
    for (const subscribers of runtime.subscribers.values()) {
      for (const subscriber of subscribers) settled.push(subscriber.idle())
    }
    void Promise.all(settled).then(() => transport.flush(() => process.exit(0)))
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
