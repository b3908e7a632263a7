import { deliverPublication, deliverToEnd } from './local-dispatch.js'
import { Hub } from './hub.js'
import type { Runtime } from './runtime.js'
import type { Serializer } from './serializer.js'

export const MAIN = 'main'

/** In main the hub is local: channel ends and storage call it directly. */
export function createMainRuntime(serializer: Serializer): Runtime {
  const hub = new Hub()
  const runtime: Runtime = {
    role: 'main',
    name: MAIN,
    serializer,
    hub,
    ends: new Map(),
    known: hub.registry,
    subscribers: new Map(),
    // Stored and published wires are shared with the store and other processes.
    own: wire => serializer.decode(serializer.copy(wire)),
    client: {
      hold: (channel, options) => hub.hold(MAIN, channel, options),
      register: (channel, options) => hub.register(MAIN, channel, options),
      listen: (channel, wanted) => hub.listen(MAIN, channel, wanted),
      // Nothing is ever on its way to main's own ends.
      unlisten: (channel, acked) => {
        hub.unlisten(MAIN, channel)
        acked()
      },
      satisfied: () => {},
      send: (channel, wire, size) => hub.send(MAIN, channel, wire, size),
      requeue: (channel, messages) => hub.requeue(channel, messages),
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
    peerExited: (channel, exit) => runtime.ends.get(channel)?.peerExited(exit),
    // Main's own unlisten takes effect at once: nothing is ever on its way to it.
    unlistened: () => {},
  })
  return runtime
}
