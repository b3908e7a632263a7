import { afterEach, describe, expect, it } from 'vitest'
import { Recorder } from 'liteyuki-comm/testing'
import { redisNodes } from './cluster.js'
import { startRedis, type RedisServer } from './redis-server.mjs'

let server: RedisServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('a sharded Redis Cluster', () => {
  it('is refused at join with ERR_CLUSTER_UNSUPPORTED, naming what to use instead', async () => {
    server = await startRedis({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] })
    const nodes = redisNodes(server.url)
    const error = await nodes
      .backend('a')
      .join(new Recorder())
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    await nodes.close()
    expect(error).toMatchObject({ name: 'CommError', code: 'ERR_CLUSTER_UNSUPPORTED' })
    expect((error as Error).message).toContain(`join(): Redis at ${server.url} runs as a sharded Redis Cluster`)
    expect((error as Error).message).toContain("'sentinels' option")
  })
})
