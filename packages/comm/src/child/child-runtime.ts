import type { PeerExit, QueuedMessage } from '../delivery/route.js'
import { ChannelFullError, ProcessExitedError } from '../errors.js'
import { PROTOCOL_VERSION, SIZE_WORTH_SENDING, sizeField, type ChildFrame, type MainFrame, type Wire } from '../protocol/frames.js'
import { deliverPublication, deliverToEnd, shareFromEnd } from '../runtime/local-dispatch.js'
import { PendingRequests } from '../runtime/pending-requests.js'
import { reportOnce } from '../runtime/report.js'
import { MAIN, globalState, type ChildEnv, type Runtime } from '../runtime/runtime.js'
import { awaitWithdrawable } from '../runtime/withdrawable.js'
import { getSerializer } from '../serialization/serializer.js'
import { createIpcTransport } from '../transport/ipc-transport.js'
import type { Transport } from '../types.js'
import { loadChildTransport } from './child-transport.js'
import { KeepAlive } from './keep-alive.js'

/** What a child runtime needs from its process; tests pair one with a hub in a single process. */
export interface ChildHost {
  transport: Transport
  pid: number
  /** Leaves the process: after a graceful stop (0), or when main is gone. */
  exit(code: number): void
}

function defaultHost(env: ChildEnv): ChildHost {
  return {
    transport: env.transport ? loadChildTransport(env.transport) : createIpcTransport(process),
    pid: process.pid,
    exit: code => process.exit(code),
  }
}

/**
 * The child's side of the protocol: every call becomes a frame to main, and
 * every frame from main is parsed here and nowhere else.
 */
export function createChildRuntime(env: ChildEnv, host: ChildHost = defaultHost(env)): Runtime {
  const serializer = getSerializer(env.serialization)
  // Main's limit: what it would refuse, the child refuses at send().
  if (env.maxMessageBytes !== undefined) globalState().maxMessageBytes = env.maxMessageBytes
  const { transport } = host
  const keepAlive = new KeepAlive(transport)
  const send = (frame: ChildFrame): void => transport.send(frame)
  const pending = new PendingRequests(() => keepAlive.hold())
  /** Per channel: messages that arrived, so main can tell which of its deliveries were still on their way. */
  const received = new Map<string, number>()
  /** Per channel: give-backs main has not answered; what arrives meanwhile was taken back already. */
  const returning = new Map<string, Array<() => void>>()
  /**
   * Per channel: an `alone` that arrived while a give-back was unanswered.
   * Main decided it before it took back what the end returned, which may be
   * for this very end: it counts once main answers, unless `company` came.
   */
  const staleAlone = new Map<string, PeerExit>()
  /** Per listening channel: what keeps the process alive for it. */
  const listening = new Map<string, () => void>()
  const subscriptions = new Map<string, () => void>()
  /** The last group of sends, which grows while the transport still holds it. */
  let group: (ChildFrame & { t: 'sends' }) | undefined
  let loseMain: (error: Error) => void = () => {}
  const lost = new Promise<never>((_, reject) => {
    loseMain = reject
  })
  // Nobody need be waiting on it.
  lost.catch(() => {})

  const request = (frame: (id: number) => ChildFrame, what: string): { id: number; done: Promise<unknown> } =>
    transport.closed ? { id: 0, done: Promise.reject(new ProcessExitedError(MAIN, what)) } : pending.open(what, id => send(frame(id)))

  const runtime: Runtime = {
    role: 'child',
    name: env.name,
    serializer,
    ends: new Map(),
    known: new Map(env.channels),
    subscribers: new Map(),
    stopHooks: new Set(),
    own: wire => serializer.decode(wire),
    client: {
      hold: c => send({ t: 'hold', c }),
      register: (c, o) => send(Object.keys(o).length > 0 ? { t: 'reg', c, o } : { t: 'reg', c }),
      listen: (c, w) => {
        if (!listening.has(c)) listening.set(c, keepAlive.hold())
        send({ t: 'listen', c, w })
      },
      ack: (c, n) => send({ t: 'ack', c, n }),
      // As a give-back, but the end keeps listening: it is kept alive by that already.
      returnUnused: (c, q) => {
        const waits = returning.get(c) ?? []
        waits.push(() => {})
        returning.set(c, waits)
        send({ t: 'back', c, q, n: received.get(c) ?? 0 })
      },
      flush: () => transport.flush(),
      // Messages main sent before it reads this may still arrive: the process
      // stays up until main answers, and drops them, since main took them back.
      giveBack: (c, q) => {
        const waits = returning.get(c) ?? []
        waits.push(listening.get(c) ?? keepAlive.hold())
        returning.set(c, waits)
        listening.delete(c)
        send({ t: 'ret', c, q, n: received.get(c) ?? 0 })
      },
      // A stream's small messages travel in groups; a large one alone, with its size.
      send: (c, d, size) => {
        if (size >= SIZE_WORTH_SENDING) return transport.send({ t: 'send', c, d, z: size }, size)
        if (group?.c === c && transport.extend?.(group, size)) return void group.d.push(d)
        group = { t: 'sends', c, d: [d] }
        transport.send(group, size)
      },
      put: (c, d, size, options, what) => {
        const bound = runtime.known.get(c)?.maxQueue
        // Main accepts everything on an unbounded channel: no need to wait for its answer,
        // unless main is in a cluster, where accepted means kept in Redis, beyond main's death.
        if (!env.durable && runtime.known.has(c) && (bound === undefined || bound === Number.POSITIVE_INFINITY)) {
          runtime.client.send(c, d, size)
          return Promise.resolve()
        }
        const put = request(id => ({ t: 'put', id, c, d, ...sizeField(size) }), what)
        return awaitWithdrawable(
          // Main answers a put with no value.
          { done: put.done as Promise<void>, withdraw: () => send({ t: 'cancel', id: put.id, c }) },
          options,
          timeout => `${what} found no room within ${timeout} ms.`,
        )
      },
      request: (r, what) => request(id => ({ t: 'req', id, r }), what).done,
      subscribe: topic => {
        if (!subscriptions.has(topic)) subscriptions.set(topic, keepAlive.hold())
        send({ t: 'sub', topic })
      },
      unsubscribe: topic => {
        subscriptions.get(topic)?.()
        subscriptions.delete(topic)
        send({ t: 'unsub', topic })
      },
      // Main will stop this process and start a new one: wait for that.
      requestRestart: () => {
        keepAlive.hold()
        send({ t: 'restart' })
      },
      lost,
    },
  }

  const arrived = (channel: string, message: QueuedMessage): void => {
    received.set(channel, (received.get(channel) ?? 0) + 1)
    if (!returning.has(channel)) deliverToEnd(runtime, channel, message)
  }

  transport.onFrame(raw => {
    const frame = raw as MainFrame
    switch (frame.t) {
      case 'msg': {
        const message: QueuedMessage = { from: frame.s, wire: frame.d, size: frame.z ?? 0, seq: frame.q }
        if (frame.r === 1) message.redelivered = true
        return arrived(frame.c, message)
      }
      case 'msgs':
        // One by one: what a handler does with one (give the rest back) applies to the next.
        for (let i = 0; i < frame.d.length; i++) arrived(frame.c, { from: frame.s, wire: frame.d[i] as Wire, size: 0, seq: frame.q[i]! })
        return
      case 'returned': {
        const waits = returning.get(frame.c)
        waits?.shift()?.()
        if (waits?.length !== 0) return
        returning.delete(frame.c)
        const alone = staleAlone.get(frame.c)
        staleAlone.delete(frame.c)
        if (alone) runtime.ends.get(frame.c)?.alone(alone)
        return
      }
      case 'share':
        return shareFromEnd(runtime, frame.c)
      case 'pub':
        return deliverPublication(runtime, frame.topic, frame.d)
      case 'reg':
        return void runtime.known.set(frame.c, frame.o ?? {})
      case 'res':
        return pending.settle(frame.id, { ok: true, v: frame.v })
      case 'err':
        return pending.settle(frame.id, { ok: false, e: frame.e })
      case 'full':
        return runtime.ends.get(frame.c)?.refused(new ChannelFullError(frame.c, frame.max))
      case 'alone': {
        const exit = { process: frame.p, code: frame.code, signal: frame.signal }
        if (returning.has(frame.c)) return void staleAlone.set(frame.c, exit)
        return runtime.ends.get(frame.c)?.alone(exit)
      }
      case 'crashed':
        return runtime.ends.get(frame.c)?.peerExited({ process: frame.p, code: frame.code, signal: frame.signal })
      case 'company':
        staleAlone.delete(frame.c)
        return runtime.ends.get(frame.c)?.company()
      case 'stop':
        return stopGracefully()
    }
  })

  let stopping = false
  /**
   * Main stops this process: each end gives back what nothing began on, so a
   * restarted child (or another holder) gets it, and what handlers began
   * finishes first; they can still send. Main kills the process if that takes
   * longer than its `stopTimeout`, and then takes back what was left unfinished.
   */
  const stopGracefully = (): void => {
    if (stopping) return
    stopping = true
    keepAlive.hold()
    const settled: Array<Promise<unknown>> = [...runtime.ends.values()].map(end => end.stop())
    for (const hook of runtime.stopHooks) {
      settled.push(
        Promise.resolve()
          .then(hook)
          .catch(error => reportOnce('an onStop() handler', error)),
      )
    }
    for (const subscribers of runtime.subscribers.values()) {
      for (const subscriber of subscribers) settled.push(subscriber.idle())
    }
    void Promise.all(settled).then(() => transport.flush(() => host.exit(0)))
  }

  // Main is gone (exited, crashed or killed): settle every wait, then leave; no orphans.
  transport.onClose(() => {
    pending.failAll(what => new ProcessExitedError(MAIN, what))
    loseMain(new ProcessExitedError(MAIN, 'a call'))
    for (const end of runtime.ends.values()) end.alone({ process: MAIN, code: null, signal: null })
    setImmediate(() => host.exit(0))
  })

  send({ t: 'hello', pid: host.pid, version: PROTOCOL_VERSION })
  return runtime
}
