import { deliverPublication, deliverToEnd, shareFromEnd } from '../runtime/local-dispatch.js'
import { MAIN, globalState, type Runtime } from '../runtime/runtime.js'
import { awaitWithdrawable } from '../runtime/withdrawable.js'
import type { Serializer } from '../serialization/serializer.js'
import { Hub } from './hub.js'
import { DEFAULT_LEASE } from './store.js'
import { INSPECT_ENV, preview, streamInspection } from './inspector.js'

/** Main's runtime: the only one that holds the hub. */
export interface MainRuntime extends Runtime {
  readonly role: 'main'
  readonly hub: Hub
}

export const isMainRuntime = (runtime: Runtime): runtime is MainRuntime => runtime.role === 'main'

/** In main the hub is local: channel ends and storage call it directly, and nothing is ever on its way. */
export function createMainRuntime(serializer: Serializer): MainRuntime {
  const hub = new Hub(
    wire => preview(serializer.decode(serializer.copy(wire))),
    // getBot({ updateLease }) may change it at any time: each lock reads it when granted.
    () => globalState().updateLease ?? DEFAULT_LEASE,
  )
  if (process.env[INSPECT_ENV] === '1') {
    streamInspection(hub.inspector, chunk => process.stdout.write(chunk))
    hub.inspector.emit({ type: 'process', name: MAIN, state: 'running', pid: process.pid })
  }
  let nextPut = 1
  const runtime: MainRuntime = {
    role: 'main',
    name: MAIN,
    serializer,
    hub,
    ends: new Map(),
    known: hub.registry,
    subscribers: new Map(),
    stopHooks: new Set(),
    // Stored and published wires are shared with the store and other processes.
    own: wire => serializer.decode(serializer.copy(wire)),
    client: {
      hold: channel => hub.hold(MAIN, channel),
      register: (channel, options) => hub.register(MAIN, channel, options),
      listen: (channel, window) => hub.listen(MAIN, channel, window),
      ack: (channel, count) => hub.ack(MAIN, channel, count),
      giveBack: (channel, seqs) => hub.giveBack(MAIN, channel, seqs, Number.POSITIVE_INFINITY),
      returnUnused: (channel, seqs) => hub.returnUnused(MAIN, channel, seqs, Number.POSITIVE_INFINITY),
      send: (channel, wire, size) => hub.send(MAIN, channel, wire, size),
      put: (channel, wire, size, options, what) => {
        const id = nextPut++
        return awaitWithdrawable(
          { done: hub.put(MAIN, channel, wire, size, id), withdraw: () => hub.cancel(MAIN, channel, id) },
          options,
          timeout => `${what} found no room within ${timeout} ms.`,
        )
      },
      request: request => hub.request(MAIN, request),
      subscribe: topic => hub.subscribe(MAIN, topic),
      unsubscribe: topic => hub.unsubscribe(MAIN, topic),
      requestRestart: () => {},
    },
  }
  hub.attach(MAIN, {
    deliver: (channel, message) => deliverToEnd(runtime, channel, message),
    publish: (topic, wire) => deliverPublication(runtime, topic, wire),
    // runtime.known is the hub's registry itself.
    registered: () => {},
    // Main's own sends throw ChannelFullError synchronously instead.
    refused: () => {},
    alone: (channel, exit) => runtime.ends.get(channel)?.alone(exit),
    company: channel => runtime.ends.get(channel)?.company(),
    crashed: (channel, exit) => runtime.ends.get(channel)?.peerExited(exit),
    returned: () => {},
    share: channel => shareFromEnd(runtime, channel),
  })
  return runtime
}
