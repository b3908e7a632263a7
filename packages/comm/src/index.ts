import './child/bootstrap.js'

export { Bot, getBot } from './main/bot.js'
export { Channel } from './api/channel.js'
export { activeChannel, onStop, passiveChannel, requestRestart } from './api/child-api.js'
export {
  ChannelClosedError,
  ChannelFullError,
  ChannelModeError,
  CommError,
  MessageTooLargeError,
  ProcessError,
  ProcessExitedError,
  SerializationError,
  TimeoutError,
  UnknownChannelError,
  WrongProcessError,
} from './errors.js'
export { ipcTransport } from './transport/ipc-transport.js'
export { isMainProcess, processName } from './api/process-role.js'
export { getChannel, getChannels, setChannel, setChannels } from './api/registry.js'
export { sharedMemory, type SharedMemory } from './api/shared-memory.js'
export type * from './types.js'
