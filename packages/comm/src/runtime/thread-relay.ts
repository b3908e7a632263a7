import { BroadcastChannel, type Worker } from 'node:worker_threads'
import { handlerCall, OrderedRunner } from '../delivery/ordered-runner.js'
import { serializeError } from '../protocol/frames.js'
import { getRuntime } from './current-runtime.js'
import { reportOnce } from './report.js'
import { globalState, type Runtime } from './runtime.js'
import { THREAD_BUS, type RelayMessage, type ThreadMessage } from './thread-bus.js'

/**
 * The main thread's side of the thread bus: it makes each thread's storage
 * and pub/sub calls through this process's own runtime, so that at main they
 * come from this process (a lock one thread takes is this process's lock, in
 * the same queue as every other process's). Started when the library loads;
 * the bus never keeps the process alive.
 */
export function serveThreads(): void {
  const state = globalState()
  if (state.threadRelay) return
  state.threadRelay = true
  const bus = new BroadcastChannel(THREAD_BUS)
  bus.unref()
  const post = (message: RelayMessage): void => bus.postMessage(message)
  /** Per topic: the threads subscribed, and this process's subscriber that forwards to them. */
  const topics = new Map<string, { threads: Set<number>; runner: OrderedRunner<unknown> }>()
  /** Per thread: the keys it holds (update() between its lock and its commit), by lock number. */
  const locks = new Map<number, Map<number, string>>()
  /** Threads that said they exited: a lock granted to one after that is given back at once. */
  const departed = new Set<number>()
  const release = (runtime: Runtime, key: string, lock: number): void => {
    void runtime.client.request({ op: 'commit', key, lock, abort: true }, `releasing key '${key}' of an exited thread`).catch(() => {})
  }
  const heldBy = (thread: number): Map<number, string> => {
    let held = locks.get(thread)
    if (!held) locks.set(thread, (held = new Map()))
    return held
  }

  const request = (runtime: Runtime, message: Extract<ThreadMessage, { k: 'req' }>): void => {
    const { from: to, id, r } = message
    if (r.op === 'commit') locks.get(to)?.delete(r.lock)
    const answer =
      runtime.serializer.name !== message.s
        ? Promise.reject(
            new TypeError(
              `${message.what}: this thread encodes with '${message.s}', but its process uses '${runtime.serializer.name}'; choose the serialization with getBot() before starting threads.`,
            ),
          )
        : runtime.client.request(message.r, message.what)
    answer.then(
      v => {
        if (r.op === 'lock' && departed.has(to)) return release(runtime, r.key, (v as { lock: number }).lock)
        if (r.op === 'lock') heldBy(to).set((v as { lock: number }).lock, r.key)
        post(v === undefined ? { k: 'res', to, id } : { k: 'res', to, id, v })
      },
      (error: unknown) => post({ k: 'err', to, id, e: serializeError(error) }),
    )
  }

  const subscribe = (runtime: Runtime, thread: number, topic: string): void => {
    let entry = topics.get(topic)
    if (!entry) {
      const threads = new Set<number>()
      // Published values arrive decoded; threads get them encoded again, as any subscriber process would.
      const forward = (value: unknown): void =>
        post({ k: 'pub', to: [...threads], topic, d: runtime.serializer.encode(value, `a publication on topic '${topic}'`).wire })
      entry = {
        threads,
        runner: new OrderedRunner<unknown>(handlerCall(forward, undefined, error => reportOnce(`forwarding topic '${topic}' to threads`, error))),
      }
      topics.set(topic, entry)
      let subscribers = runtime.subscribers.get(topic)
      if (!subscribers) runtime.subscribers.set(topic, (subscribers = new Set()))
      if (subscribers.size === 0) runtime.client.subscribe(topic)
      subscribers.add(entry.runner)
    }
    entry.threads.add(thread)
  }

  const unsubscribe = (runtime: Runtime, thread: number, topic: string): void => {
    const entry = topics.get(topic)
    if (!entry?.threads.delete(thread) || entry.threads.size > 0) return
    topics.delete(topic)
    const subscribers = runtime.subscribers.get(topic)
    if (subscribers?.delete(entry.runner) && subscribers.size === 0) runtime.client.unsubscribe(topic)
  }

  const leave = (runtime: Runtime, thread: number): void => {
    departed.add(thread)
    for (const [lock, key] of locks.get(thread) ?? []) release(runtime, key, lock)
    locks.delete(thread)
    for (const topic of [...topics.keys()]) unsubscribe(runtime, thread, topic)
  }

  // A thread that is terminated, or dies of an uncaught error, says nothing
  // itself: its Worker's 'exit' tells, so that a key it held in the middle of
  // update() is free at once rather than at the end of the lease.
  process.on('worker', (worker: Worker) => {
    const thread = worker.threadId
    worker.once('exit', () => leave(getRuntime(), thread))
  })

  bus.onmessage = (event: unknown) => {
    const message = (event as { data: ThreadMessage }).data
    const runtime = getRuntime()
    switch (message.k) {
      case 'req':
        return request(runtime, message)
      case 'sub':
        return subscribe(runtime, message.from, message.topic)
      case 'unsub':
        return unsubscribe(runtime, message.from, message.topic)
      case 'restart':
        return runtime.role === 'child' ? runtime.client.requestRestart() : undefined
      case 'gone':
        return leave(runtime, message.from)
    }
  }
}
