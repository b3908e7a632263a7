import { afterAll, beforeAll } from 'vitest'
import { clusterBackendContract } from 'liteyuki-comm/testing'
import { redisNodes } from './cluster.js'
import { startRedis, type RedisServer } from './redis-server.mjs'

let server: RedisServer
beforeAll(async () => {
  server = await startRedis()
})
afterAll(() => server?.close())

clusterBackendContract('Redis', async () => redisNodes(server.url))
