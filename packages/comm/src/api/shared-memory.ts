import { threadId } from 'node:worker_threads'
import { getRuntime } from '../runtime/current-runtime.js'
import { createCallContext, type CallContext } from '../runtime/call-context.js'
import { CommError, ProcessExitedError, lockExpiredError } from '../errors.js'
import { MAIN, globalState } from '../runtime/runtime.js'
import { validateWaitOptions } from './validate.js'
import { assertMessageSize } from './message-limit.js'
import { reportError, reportOnce } from '../runtime/report.js'
import { OrderedRunner, handlerCall } from '../delivery/ordered-runner.js'
import { awaitWithdrawable } from '../runtime/withdrawable.js'
import type { StoreRequest, Wire } from '../protocol/frames.js'
import type { Awaitable, SubscriberHandler, Unsubscribe, UpdateOptions } from '../types.js'

/**
 * The key-value store and publish/subscribe, the same from every process.
 * Values live in the main process (this is not operating-system shared
 * memory); each call is a message to main, so every call returns a Promise.
 * A worker thread uses its process's store and topics: its calls go through
 * the process's main thread, which must have imported liteyuki-comm, and
 * count as that process's (an update in a thread is atomic against every
 * other thread and process).
 */
export interface SharedMemory {
  /** Stores a copy of `value`. Setting `undefined` deletes the key. */
  set(key: string, value: unknown): Promise<void>
  /** A copy of the stored value, or `defaultValue` when the key is absent. */
  get<T = unknown>(key: string): Promise<T | undefined>
  get<T>(key: string, defaultValue: T): Promise<T>
  /** Resolves to whether the key existed. */
  delete(key: string): Promise<boolean>
  /** A copy of every entry. */
  getAll(): Promise<Record<string, unknown>>
  /**
   * Atomic read-modify-write across processes: no other operation on `key`
   * runs between the read and the write. `fn` may be async; returning
   * `undefined` deletes the key; if `fn` throws, nothing changes.
   *
   * `timeout` (ms) and `signal` bound the wait for the key while other
   * updates hold it: the update then rejects with `TimeoutError` (or the
   * signal's reason), its request is withdrawn at main and `fn` never runs.
   * If the key came free just as the wait ended, the update goes ahead and
   * resolves as usual.
   *
   * `fn` itself is bounded by the lease main gives every lock (10 s unless
   * `getBot({ updateLease })` says otherwise): once it runs out, main gives
   * the key to the next waiter, and the update rejects with `CommError`
   * `ERR_LOCK_EXPIRED`; whatever `fn` returns later is never written.
   */
  update<T = unknown>(key: string, fn: (value: T | undefined) => Awaitable<T | undefined>, options?: UpdateOptions): Promise<T | undefined>
  /** Delivers `data` once to every subscriber of `topic` in every process, this one included. */
  publish(topic: string, data: unknown): Promise<void>
  /** Runs `handler` for each publication on `topic`; returns a function that unsubscribes. */
  onSubscriberReceive<T = unknown>(topic: string, handler: SubscriberHandler<T>): Unsubscribe
}

async function request(what: string, r: StoreRequest): Promise<unknown> {
  return getRuntime().client.request(r, what)
}

function encode(value: unknown, what: string): Wire | undefined {
  if (value === undefined) return undefined
  const { wire, size } = getRuntime().serializer.encode(value, what)
  assertMessageSize(size, what)
  return wire
}

function decode(wire: Wire | undefined): unknown {
  return wire === undefined ? undefined : getRuntime().own(wire)
}

function assertName(kind: 'key' | 'topic', name: unknown, api: string): asserts name is string {
  if (typeof name !== 'string') throw new TypeError(`${api}: the ${kind} must be a string, got ${typeof name}.`)
}

/** A key an update() holds while its updater runs; `outer` is the update it runs inside, if any. */
interface HeldKey {
  key: string
  held: boolean
  outer: HeldKey | undefined
}

/** Follows each updater, so that a call it makes on its own key is recognised (see `call-context.ts` for how far). */
let updating: CallContext<HeldKey> | undefined

/**
 * The key stays locked until the updater returns, so a call on it from inside
 * the updater would queue behind the lock and wait forever: refuse it instead.
 * (Callbacks the updater scheduled still run in its context, hence `held`.)
 */
function assertNotHeld(key: string, call: string): void {
  for (let link = updating?.get(); link; link = link.outer) {
    if (link.held && link.key === key) {
      throw new CommError(
        'ERR_REENTRANT_UPDATE',
        `${call} was called inside the updater of sharedMemory.update('${key}'), which holds key '${key}' until the updater returns, so it would wait forever. Use the value the updater receives, and return the new one.`,
      )
    }
  }
}

/**
 * A number for a withdrawable lock request, unique in this process: the
 * process's threads reach main under its name, so the thread is part of it.
 */
function lockToken(): number {
  const state = globalState()
  state.lockTokens = (state.lockTokens ?? 0) + 1
  return threadId * 2 ** 32 + state.lockTokens
}

/** The lock request of update(); with a timeout or a signal, withdrawn at main when either ends the wait first. */
function lockKey(key: string, options: UpdateOptions, what: string): Promise<unknown> {
  if (options.timeout === undefined && options.signal === undefined) return request(what, { op: 'lock', key })
  const w = lockToken()
  return awaitWithdrawable(
    { done: request(what, { op: 'lock', key, w }), withdraw: () => void request(what, { op: 'withdraw', key, w }).catch(() => {}) },
    options,
    timeout => `${what} did not get the key within ${timeout} ms: other updates held it.`,
  )
}

/**
 * The lease main gave an update's lock, as this process sees it: it starts
 * when the lock arrives, after main started it, so `over` rejects only once
 * main has let the key go. `late()`: more than half of it has passed.
 */
function leaseTerm(lease: number, expired: () => Error): { over: Promise<never>; end(): void; late(): boolean } {
  const start = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const over = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(expired()), lease)
  })
  return { over, end: () => clearTimeout(timer), late: () => performance.now() - start > lease / 2 }
}

export const sharedMemory: SharedMemory = {
  async set(key, value) {
    assertName('key', key, 'sharedMemory.set()')
    const what = `sharedMemory.set('${key}')`
    assertNotHeld(key, what)
    const v = encode(value, what)
    await request(what, v === undefined ? { op: 'set', key } : { op: 'set', key, v })
  },

  async get<T>(key: string, defaultValue?: T): Promise<T | undefined> {
    assertName('key', key, 'sharedMemory.get()')
    const what = `sharedMemory.get('${key}')`
    assertNotHeld(key, what)
    const value = decode(await request(what, { op: 'get', key }))
    return value === undefined ? defaultValue : (value as T)
  },

  async delete(key) {
    assertName('key', key, 'sharedMemory.delete()')
    const what = `sharedMemory.delete('${key}')`
    assertNotHeld(key, what)
    return (await request(what, { op: 'delete', key })) as boolean
  },

  async getAll() {
    const entries = (await request('sharedMemory.getAll()', { op: 'getAll' })) as Record<string, Wire>
    return Object.fromEntries(Object.entries(entries).map(([key, wire]) => [key, decode(wire)]))
  },

  async update<T>(key: string, fn: (value: T | undefined) => Awaitable<T | undefined>, options: UpdateOptions = {}): Promise<T | undefined> {
    assertName('key', key, 'sharedMemory.update()')
    if (typeof fn !== 'function') throw new TypeError(`sharedMemory.update('${key}'): the updater must be a function, got ${typeof fn}.`)
    const what = `sharedMemory.update('${key}')`
    validateWaitOptions(options, what)
    assertNotHeld(key, what)
    if (options.signal?.aborted) throw options.signal.reason
    const { lock, v, lease } = (await lockKey(key, options, what)) as { lock: number; v?: Wire; lease?: number }
    const term = lease === undefined ? undefined : leaseTerm(lease, () => lockExpiredError(key, lease, what))
    let next: Wire | undefined
    let result: T | undefined
    updating ??= createCallContext()
    const context = updating
    const held: HeldKey = { key, held: true, outer: context.get() }
    const { lost } = getRuntime().client
    try {
      const running = context.run(held, () => fn(decode(v) as T | undefined))
      // Past the lease, main has given the key away; when main dies, so is the key: what `fn` returns later is dropped here.
      const ends: Array<Promise<never>> = []
      if (term) ends.push(term.over)
      if (lost) ends.push(lost.catch(() => Promise.reject(new ProcessExitedError(MAIN, what))))
      result = ends.length === 0 ? await running : await Promise.race([running, ...ends])
      next = encode(result, what)
    } catch (error) {
      void request(what, { op: 'commit', key, lock, abort: true }).catch(() => {})
      throw error
    } finally {
      held.held = false
      term?.end()
    }
    const commit = request(what, next === undefined ? { op: 'commit', key, lock } : { op: 'commit', key, lock, v: next })
    const refusal = (error: unknown): unknown =>
      (error as { code?: unknown }).code === 'ERR_LOCK_EXPIRED' && lease !== undefined ? lockExpiredError(key, lease, what) : error
    // Far into its lease, the write may reach main after the lease ran out: then wait for main's word.
    if (term?.late()) {
      await commit.catch((error: unknown) => {
        throw refusal(error)
      })
      return result
    }
    // Otherwise no need to wait for main's answer: this process's later calls reach main
    // after the commit, so they already see the new value; that saves a round trip.
    void commit.catch(error => reportError(`${what} could not write its result`, refusal(error)))
    return result
  },

  async publish(topic, data) {
    assertName('topic', topic, 'sharedMemory.publish()')
    const what = `sharedMemory.publish('${topic}')`
    const { wire: d, size } = getRuntime().serializer.encode(data, what)
    assertMessageSize(size, what)
    await request(what, { op: 'publish', topic, d })
  },

  onSubscriberReceive<T>(topic: string, handler: SubscriberHandler<T>): Unsubscribe {
    assertName('topic', topic, 'sharedMemory.onSubscriberReceive()')
    if (typeof handler !== 'function')
      throw new TypeError(`sharedMemory.onSubscriberReceive('${topic}'): the handler must be a function, got ${typeof handler}.`)
    const runtime = getRuntime()
    let subscribers = runtime.subscribers.get(topic)
    if (!subscribers) runtime.subscribers.set(topic, (subscribers = new Set()))
    const run = new OrderedRunner<unknown>(
      handlerCall(handler as SubscriberHandler<unknown>, undefined, error => reportOnce(`a subscriber of topic '${topic}'`, error)),
    )
    if (subscribers.size === 0) runtime.client.subscribe(topic)
    subscribers.add(run)
    return () => {
      if (subscribers.delete(run) && subscribers.size === 0) runtime.client.unsubscribe(topic)
    }
  },
}
