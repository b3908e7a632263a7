import { describeValue } from '../serialization/value-path.js'
import type { Awaitable, Unsubscribe } from '../types.js'
import type { Channel } from './channel.js'
import { childRuntime } from './process-role.js'
import { getChannel } from './registry.js'

/**
 * A child's own channel end, resolved on first use. In main any use throws a
 * `WrongProcessError`, because main has no single "own" channel.
 */
function ownChannel(suffix: 'active' | 'passive'): Channel {
  const api = `${suffix}Channel`
  let channel: Channel | undefined
  // Resolved once: after close() it stays the same, closed, end.
  const resolve = (): Channel => (channel ??= getChannel(`${childRuntime(api).name}-${suffix}`))
  // Bound once per method: `while (true) await activeChannel.receive()` must not make a function per message.
  const bound = new Map<string | symbol, unknown>()
  return new Proxy({} as Channel, {
    get(_, property) {
      // A method once bound stays bound: the end never changes, and its methods are its class's.
      const method = bound.get(property)
      if (method !== undefined) return method
      const end = resolve()
      const value: unknown = Reflect.get(end, property, end)
      if (typeof value !== 'function') return value
      const fresh = value.bind(end)
      bound.set(property, fresh)
      return fresh
    },
    has: (_, property) => Reflect.has(resolve(), property),
    getPrototypeOf: () => Object.getPrototypeOf(resolve()) as object,
  })
}

/** In a child: its end of `'<name>-active'`, made for `await activeChannel.receive()`. */
export const activeChannel: Channel = ownChannel('active')

/** In a child: its end of `'<name>-passive'`, made for `passiveChannel.onReceive(...)`. */
export const passiveChannel: Channel = ownChannel('passive')

/**
 * In a child: runs `handler` when main stops or restarts this process, so it
 * can clean up (close files, finish a batch, say goodbye on a channel). The
 * process exits once every handler and every running message handler has
 * finished, or main kills it after its `stopTimeout`. Channels still send
 * meanwhile; pending `receive()` calls simply end with the process. Returns
 * what removes the handler.
 */
export function onStop(handler: () => Awaitable<unknown>): Unsubscribe {
  if (typeof handler !== 'function') throw new TypeError(`onStop(): the handler must be a function, got ${describeValue(handler)}.`)
  const hooks = childRuntime('onStop()').stopHooks
  hooks.add(handler)
  return () => hooks.delete(handler)
}

/** In a child: asks main to restart this process. Main runs its restart hooks and keeps the channels. */
export function requestRestart(): void {
  childRuntime('requestRestart()').client.requestRestart()
}
