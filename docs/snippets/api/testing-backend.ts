// #region backend
// test/my-backend.test.ts: run with `vitest run`
import { clusterBackendContract, memoryCluster } from 'liteyuki-comm/testing'

// Your backend goes here: a factory of fresh clusters, each of whose
// backend(node) calls makes a node that has not joined yet.
clusterBackendContract('in memory', async () => memoryCluster({ lease: 50 }))
// #endregion backend
