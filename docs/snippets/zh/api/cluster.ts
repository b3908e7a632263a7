import { getBot, type ClusterBackend, type ClusterMember, type ClusterPeer, type ClusterStore } from 'liteyuki-comm'
import { redisCluster } from 'liteyuki-comm-redis'

// #region wrapper
// 包装另一个后端，统计它双向传送的帧数：
// 约定中的每一项承诺都由被包装的后端兑现，这里只是原样转交。
export function counted(inner: ClusterBackend): ClusterBackend & { readonly sent: number; readonly received: number } {
  let sent = 0
  let received = 0
  return {
    get node(): string {
      return inner.node
    },
    get store(): ClusterStore {
      return inner.store
    },
    get sent() {
      return sent
    },
    get received() {
      return received
    },
    join(peer: ClusterPeer): Promise<void> {
      // peer 是主进程这一侧：帧、加入和离开都经由这里通知它。
      return inner.join({
        receive(from, frame) {
          received++
          peer.receive(from, frame)
        },
        joined: node => peer.joined(node),
        left: (node, how) => peer.left(node, how),
      })
    },
    leave: () => inner.leave(),
    send(node, frame) {
      sent++
      inner.send(node, frame)
    },
    broadcast(frame) {
      sent++
      inner.broadcast(frame)
    },
    describe: info => inner.describe(info),
    members: (): Promise<ClusterMember[]> => inner.members(),
  }
}

const cluster = counted(redisCluster({ namespace: 'my-bot' }))
const bot = getBot({ cluster })
setInterval(() => console.log(`frames out ${cluster.sent}, in ${cluster.received}`), 10_000).unref()
// #endregion wrapper

void bot

// #region redis-cluster
// 每台机器上的 main.ts：同一个 Redis、同一个命名空间，各用自己的节点名。
const backend = redisCluster({
  url: 'rediss://redis.internal:6380', // TLS 用 rediss://
  namespace: 'my-bot',
  node: 'eu-1',
  timeout: 10_000, // Redis 连不上时，存储调用最多等 10 秒
  redis: { password: process.env.REDIS_PASSWORD }, // 除 keyPrefix 外的任意 ioredis 选项
})
// 交给每个主进程的第一次 getBot() 调用：getBot({ cluster: backend })
// #endregion redis-cluster

void backend

// #region key-prefix
try {
  redisCluster({ redis: { keyPrefix: 'bot:' } })
} catch (error) {
  // redisCluster(): option 'redis.keyPrefix' is not supported; use the 'namespace' option.
  console.error((error as TypeError).message)
}
// #endregion key-prefix
