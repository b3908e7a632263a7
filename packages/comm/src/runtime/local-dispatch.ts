import type { QueuedMessage } from '../delivery/route.js'
import type { Wire } from '../protocol/frames.js'
import { reportOnce } from './report.js'
import type { Runtime } from './runtime.js'

/** A channel message for this process: to its end, or back to the channel if the end is gone. */
export function deliverToEnd(runtime: Runtime, channel: string, message: QueuedMessage): void {
  const end = runtime.ends.get(channel)
  if (end) end.deliver(message)
  else runtime.client.giveBack(channel, [message.seq])
}

/** Main asks this process's end to give back what it took ahead; with no end, there is nothing, but main hears so. */
export function shareFromEnd(runtime: Runtime, channel: string): void {
  const end = runtime.ends.get(channel)
  if (end) end.share()
  else runtime.client.returnUnused(channel, [])
}

/** One publication reaches every subscriber of the topic in this process, once each. */
export function deliverPublication(runtime: Runtime, topic: string, wire: Wire): void {
  const subscribers = runtime.subscribers.get(topic)
  if (!subscribers || subscribers.size === 0) return
  let value: unknown
  try {
    value = runtime.own(wire)
  } catch (error) {
    reportOnce(`a publication on topic '${topic}' could not be decoded`, error)
    return
  }
  for (const subscriber of [...subscribers]) subscriber.push(value)
}
