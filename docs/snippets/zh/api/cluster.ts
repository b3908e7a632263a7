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
