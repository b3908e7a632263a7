import { describeValue } from '../serialization/value-path.js'
import type { ChannelOptions, PutOptions, ReceiveOptions, UpdateOptions } from '../types.js'

/** Every public call that takes options refuses a wrong argument the same way: a TypeError naming the call. */
export function optionsObject(options: unknown, api: string): asserts options is Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}.`)
  }
}

/** A name that must be a string with something besides blanks: `what` says whose (`'channel name'`, `'name'` of a process). */
export function validateName(name: unknown, api: string, what = 'channel name'): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`${api}: the ${what} must be a non-empty string, got ${typeof name === 'string' ? JSON.stringify(name) : describeValue(name)}.`)
  }
}

const isCount = (value: unknown): boolean => value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 0)

export function validateChannelOptions(options: ChannelOptions, api: string): void {
  optionsObject(options, api)
  const { maxQueue, prefetch } = options
  if (maxQueue !== undefined && !isCount(maxQueue)) {
    throw new TypeError(`${api}: maxQueue must be a non-negative integer or Infinity, got ${describeValue(maxQueue)}.`)
  }
  if (prefetch !== undefined && !(typeof prefetch === 'number' && Number.isInteger(prefetch) && prefetch >= 0 && prefetch <= 65_536)) {
    throw new TypeError(`${api}: prefetch must be an integer from 0 to 65536, got ${describeValue(prefetch)}.`)
  }
}

/** `timeout` and `signal`, as receive(), put() and update() take them. */
export function validateWaitOptions(options: ReceiveOptions | PutOptions | UpdateOptions, api: string): void {
  optionsObject(options, api)
  const { timeout, signal } = options
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0 && Number.isFinite(timeout))) {
    throw new TypeError(
      `${api}: timeout must be a finite number of milliseconds >= 0, got ${typeof timeout === 'string' ? JSON.stringify(timeout) : describeValue(timeout)}.`,
    )
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`${api}: signal must be an AbortSignal, got ${describeValue(signal)}.`)
  }
}
