import './child-bootstrap.js'

export { Bot, getBot } from './bot.js'
export { Channel } from './channel.js'
export { activeChannel, passiveChannel, requestRestart } from './child-api.js'
export {
  ChannelClosedError,
  ChannelFullError,
  ChannelModeError,
  CommError,
  ProcessError,
  ProcessExitedError,
  SerializationError,
  TimeoutError,
  UnknownChannelError,
  WrongProcessError,
} from './errors.js'
export { ipcTransport } from './ipc-transport.js'
export { isMainProcess, processName } from './process-role.js'
export { getChannel, getChannels, setChannel, setChannels } from './registry.js'
export { sharedMemory, type SharedMemory } from './shared-memory.js'
export type * from './types.js'
