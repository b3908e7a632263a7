import { Channel } from './channel.js'
import { getRuntime } from '../runtime/current-runtime.js'
import { UnknownChannelError } from '../errors.js'
import { validateName } from './validate.js'
import { assertChannelsHere } from '../runtime/thread-bus.js'

/**
 * This process's end of the channel registered as `name` in any process.
 * Throws `UnknownChannelError` for a name nobody registered.
 */
export function getChannel<T = unknown>(name: string): Channel<T> {
  validateName(name, 'getChannel()')
  assertChannelsHere('getChannel()')
  const runtime = getRuntime()
  const end = runtime.ends.get(name)
  if (end) return end.channel as Channel<T>
  const options = runtime.known.get(name)
  if (!options) throw new UnknownChannelError(name, [...runtime.known.keys()])
  return new Channel<T>(name, options)
}

/** Registers `channel` under `name` so that every process can `getChannel(name)`. */
export function setChannel<T>(name: string, channel: Channel<T>): void {
  if (!(channel instanceof Channel)) throw new TypeError(`setChannel('${name}', ...) needs a Channel, got ${typeof channel}.`)
  if (channel.name !== name) {
    throw new TypeError(`setChannel('${name}', ...) was given the channel named '${channel.name}'; a channel is registered under its own name.`)
  }
  assertChannelsHere('setChannel()')
  const runtime = getRuntime()
  // A name registered already keeps what main decides for it (main's `known` is its registry), which main then tells every process.
  if (!runtime.known.has(name)) runtime.known.set(name, channel.options)
  runtime.client.register(name, channel.options)
}

/** Every registered channel, by name, as ends of this process. */
export function getChannels(): Record<string, Channel> {
  assertChannelsHere('getChannels()')
  const runtime = getRuntime()
  return Object.fromEntries([...runtime.known.keys()].map(name => [name, getChannel(name)]))
}

export function setChannels(channels: Record<string, Channel<any>>): void {
  for (const [name, channel] of Object.entries(channels)) setChannel(name, channel)
}
