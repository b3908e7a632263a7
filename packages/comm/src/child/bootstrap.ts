import { isMainThread } from 'node:worker_threads'
import { getRuntime } from '../runtime/current-runtime.js'
import { MAIN, globalState, readChildEnv } from '../runtime/runtime.js'
import { announceProcess } from '../runtime/thread-bus.js'
import { serveThreads } from '../runtime/thread-relay.js'

// A forked child connects as soon as it imports the library, so main can stop
// it gracefully and it exits when main goes away, even before it uses a channel.
const env = readChildEnv()
if (env) getRuntime()
// Worker threads started from now on find this process through its main thread.
if (isMainThread) {
  announceProcess(env ?? { name: MAIN, serialization: globalState().serialization ?? 'json' })
  serveThreads()
}
