import { passiveChannel, requestRestart } from 'liteyuki-comm'

// #region request
// 在子进程中：用户要求时重启本进程。
passiveChannel.onReceive((command) => {
  if (command === 'restart') requestRestart()
})
// #endregion request
