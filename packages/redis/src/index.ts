import type { ClusterBackend } from 'liteyuki-comm'
import { RedisClusterBackend } from './backend.js'
import { parseOptions, type RedisClusterOptions } from './options.js'

export type { RedisClusterOptions }

/**
 * A cluster backend over Redis: give the same `url` and `namespace` to
 * every main, each with its own `node` name, as `getBot({ cluster })`.
 */
export function redisCluster(options?: RedisClusterOptions): ClusterBackend {
  return new RedisClusterBackend(parseOptions(options))
}
