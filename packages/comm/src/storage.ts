import './child-bootstrap.js'

export { sharedMemory, type SharedMemory } from './shared-memory.js'
