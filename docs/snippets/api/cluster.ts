import { getBot, type ClusterBackend, type ClusterMember, type ClusterPeer, type ClusterStore } from 'liteyuki-comm'
import { redisCluster } from 'liteyuki-comm-redis'

// #region wrapper
// A backend that wraps another and counts the frames it carries each way:
// every promise of the contract is the wrapped backend's, passed through.
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
      // The peer is main's side: frames, joins and departures reach it through here.
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
// main.ts on each machine: the same Redis and namespace, a node name of its own.
const backend = redisCluster({
  url: 'rediss://redis.internal:6380', // TLS: rediss://
  namespace: 'my-bot',
  node: 'eu-1',
  timeout: 10_000, // store calls wait up to 10 s for an unreachable Redis
  redis: { password: process.env.REDIS_PASSWORD }, // any ioredis option but keyPrefix
})
// Given to the first getBot() call of each main: getBot({ cluster: backend })
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
