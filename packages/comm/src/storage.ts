import './child/bootstrap.js'

export { sharedMemory, type SharedMemory } from './api/shared-memory.js'
