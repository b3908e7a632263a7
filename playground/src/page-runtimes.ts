import { createLocalRuntime } from './local-runtime'
import type { PlaygroundRuntime } from './runtime'
import { createWebContainerRuntime } from './webcontainer-runtime'

// Kept for the page's lifetime, not the component's: a WebContainer boots
// once per page, and the playground may be mounted again by the router.
const runtimes = new Map<PlaygroundRuntime['kind'], PlaygroundRuntime>()

export function pageRuntime(kind: PlaygroundRuntime['kind'], localEndpoint: string): PlaygroundRuntime {
  let runtime = runtimes.get(kind)
  if (!runtime) {
    runtime = kind === 'local' ? createLocalRuntime({ endpoint: localEndpoint }) : createWebContainerRuntime()
    runtimes.set(kind, runtime)
  }
  return runtime
}
