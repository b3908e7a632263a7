import { BroadcastChannel, threadId } from 'node:worker_threads'
import { getSerializer } from '../serialization/serializer.js'
import { KeepAlive } from '../child/keep-alive.js'
import { deliverPublication } from './local-dispatch.js'
import { PendingRequests } from './pending-requests.js'
import type { Runtime } from './runtime.js'
import { THREAD_BUS, channelsUnavailable, type ProcessIdentity, type RelayMessage, type ThreadMessage } from './thread-bus.js'

/**
 * A worker thread's runtime: storage and pub/sub calls go to the process's
 * main thread (runtime/thread-relay.ts), which makes them on the process's
 * behalf, so a thread shares its process's store, locks and topics. Values
 * are encoded here with the process's serializer, as in any process.
 */
export function createThreadRuntime(identity: ProcessIdentity): Runtime {
  const serializer = getSerializer(identity.serialization)
  const bus = new BroadcastChannel(THREAD_BUS)
  // As a child's transport does, the bus keeps the thread alive only while it waits for something.
  const keepAlive = new KeepAlive({ ref: () => bus.ref(), unref: () => bus.unref() })
  const hold = (): (() => void) => keepAlive.hold()
  const post = (message: ThreadMessage): void => bus.postMessage(message)
  const pending = new PendingRequests(hold)
  const subscriptions = new Map<string, () => void>()
  const noChannels = (api: string) => (): never => {
    throw channelsUnavailable(api)
  }

  const runtime: Runtime = {
    role: 'thread',
    name: identity.name,
    serializer,
    ends: new Map(),
    known: new Map(),
    subscribers: new Map(),
    stopHooks: new Set(),
    own: wire => serializer.decode(wire),
    client: {
      hold: noChannels('A channel end'),
      register: noChannels('setChannel()'),
      listen: noChannels('Receiving on a channel'),
      ack: noChannels('Receiving on a channel'),
      giveBack: noChannels('Receiving on a channel'),
      returnUnused: noChannels('Receiving on a channel'),
      send: noChannels('send()'),
      put: () => Promise.reject(channelsUnavailable('put()')),
      request: (r, what) => pending.open(what, id => post({ k: 'req', from: threadId, id, r, what, s: serializer.name })).done,
      subscribe: topic => {
        if (!subscriptions.has(topic)) subscriptions.set(topic, hold())
        post({ k: 'sub', from: threadId, topic })
      },
      unsubscribe: topic => {
        subscriptions.get(topic)?.()
        subscriptions.delete(topic)
        post({ k: 'unsub', from: threadId, topic })
      },
      requestRestart: () => post({ k: 'restart', from: threadId }),
    },
  }

  bus.onmessage = (event: unknown) => {
    const message = (event as { data: RelayMessage }).data
    if (message.k === 'pub') {
      if (message.to.includes(threadId)) deliverPublication(runtime, message.topic, message.d)
      return
    }
    // Every thread hears every answer: only its own settle its requests.
    if (message.to !== threadId) return
    pending.settle(message.id, message.k === 'res' ? { ok: true, v: message.v } : { ok: false, e: message.e })
  }
  // Main cannot see a thread end: one that exits inside an updater would hold
  // the key for good. A thread ended by worker.terminate() does not get here;
  // the thread that started it tells (below, or in thread-relay.ts).
  process.once('exit', () => post({ k: 'gone', from: threadId }))
  // Nor can it see a thread this thread started end: the Worker's 'exit' tells, however it ended.
  process.on('worker', worker => {
    const thread = worker.threadId
    worker.once('exit', () => post({ k: 'gone', from: thread }))
  })
  return runtime
}
