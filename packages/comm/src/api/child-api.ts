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
  return new Proxy({} as Channel, {
    get(_, property) {
      const channel = resolve()
      const value: unknown = Reflect.get(channel, property, channel)
      return typeof value === 'function' ? value.bind(channel) : value
    },
    has: (_, property) => Reflect.has(resolve(), property),
    getPrototypeOf: () => Object.getPrototypeOf(resolve()) as object,
  })
}

/** In a child: its end of `'<name>-active'`, made for `await activeChannel.receive()`. */
export const activeChannel: Channel = ownChannel('active')

/** In a child: its end of `'<name>-passive'`, made for `passiveChannel.onReceive(...)`. */
export const passiveChannel: Channel = ownChannel('passive')

/** In a child: asks main to restart this process. Main runs its restart hooks and keeps the channels. */
export function requestRestart(): void {
  childRuntime('requestRestart()').client.requestRestart()
}
