import { isMainThread } from 'node:worker_threads'
import { createChildRuntime } from '../child/child-runtime.js'
import { createMainRuntime } from '../main/main-runtime.js'
import { CommError } from '../errors.js'
import { globalState, readChildEnv, type Runtime } from './runtime.js'
import { getSerializer } from '../serialization/serializer.js'
import { announceProcess, threadIdentity } from './thread-bus.js'
import { createThreadRuntime } from './thread-runtime.js'

/**
 * This process's runtime, created on first use: a child if main forked it
 * with liteyuki-comm, else main; in a worker thread, one that goes through the
 * process's main thread, so that every thread of a process is that process.
 */
export function getRuntime(): Runtime {
  const state = globalState()
  if (!state.runtime) {
    if (!isMainThread) {
      const identity = threadIdentity()
      // A thread on its own would silently get a store of its own: refuse instead.
      if (!identity)
        throw new CommError(
          'ERR_NO_MAIN_THREAD',
          'liteyuki-comm is used in a worker thread whose process did not load it on its main thread. Import liteyuki-comm in the main thread before starting the worker.',
        )
      if (identity.maxMessageBytes !== undefined) state.maxMessageBytes = identity.maxMessageBytes
      state.runtime = createThreadRuntime(identity)
      return state.runtime
    }
    const env = readChildEnv()
    state.runtime = env ? createChildRuntime(env) : createMainRuntime(getSerializer(state.serialization ?? 'json'))
    announceProcess({ name: state.runtime.name, serialization: state.runtime.serializer.name })
  }
  return state.runtime
}
