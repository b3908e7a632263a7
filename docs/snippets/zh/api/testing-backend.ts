// #region backend
// test/my-backend.test.ts：用 `vitest run` 运行
import { clusterBackendContract, memoryCluster } from 'liteyuki-comm/testing'

// 换成你自己的后端：一个每次返回全新集群的工厂函数，
// 集群的 backend(node) 每次创建一个尚未加入的节点。
clusterBackendContract('in memory', async () => memoryCluster({ lease: 50 }))
// #endregion backend
