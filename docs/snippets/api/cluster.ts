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
