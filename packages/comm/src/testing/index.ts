// liteyuki-comm/testing: the suites this repository runs against its own
// transports and cluster backends, for anyone who writes another, and the
// in-memory parts that let rules run without processes. Needs vitest.
export { transportContract } from './transport-contract.js'
export { clusterBackendContract, type ContractCluster } from './backend-contract.js'
export { memoryTransportPair, type MemorySide } from './memory-transport.js'
export { memoryCluster, type MemoryCluster } from './memory-backend.js'
export { bytes, str, Recorder } from './recorder.js'
export { until } from './until.js'
