import { getRuntime } from '../runtime/current-runtime.js'
import { readChildEnv } from '../runtime/runtime.js'

// A forked child connects as soon as it imports the library, so main can stop
// it gracefully and it exits when main goes away, even before it uses a channel.
if (readChildEnv()) getRuntime()
