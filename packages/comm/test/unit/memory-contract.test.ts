import { clusterBackendContract } from '../../src/testing/backend-contract.js'
import { memoryCluster } from '../../src/testing/memory-backend.js'

// The in-memory backend the cluster's unit tests use keeps the same promises as the Redis one.
clusterBackendContract('in memory', async () => memoryCluster({ lease: 50 }))
