import { createChildRuntime } from '../child/child-runtime.js'
import { createMainRuntime } from '../main/main-runtime.js'
import { globalState, readChildEnv, type Runtime } from './runtime.js'
import { getSerializer } from '../serialization/serializer.js'

/** This process's runtime, created on first use: a child if main forked it with liteyuki-comm, else main. */
export function getRuntime(): Runtime {
  const state = globalState()
  if (!state.runtime) {
    const env = readChildEnv()
    state.runtime = env ? createChildRuntime(env) : createMainRuntime(getSerializer(state.serialization ?? 'json'))
  }
  return state.runtime
}
