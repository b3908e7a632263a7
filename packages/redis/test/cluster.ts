import type { ContractCluster } from 'liteyuki-comm/testing'
import { RedisClusterBackend } from '../src/backend.js'
import { parseOptions, type RedisClusterOptions } from '../src/options.js'

let namespaces = 0

/**
 * Nodes of one cluster, each in a namespace of its own on `url`, with a
 * short lease so that deaths show within seconds.
 */
export function redisNodes(
  url: string,
  options: RedisClusterOptions = {},
): ContractCluster & { namespace: string; backend(node: string): RedisClusterBackend } {
  const namespace = `test${process.pid}-${++namespaces}`
  const made = new Map<string, RedisClusterBackend[]>()
  return {
    namespace,
    backend(node) {
      const backend = new RedisClusterBackend(parseOptions({ url, namespace, node, lease: 1000, timeout: 5000, ...options }))
      made.set(node, [...(made.get(node) ?? []), backend])
      return backend
    },
    async crash(node) {
      await Promise.all((made.get(node) ?? []).map(backend => backend.freeze()))
    },
    async close() {
      await Promise.all([...made.values()].flat().map(backend => backend.shutdown()))
    },
  }
}
