import { passiveChannel, requestRestart } from 'liteyuki-comm'

// #region request
// In a child: restart this process when a user asks for it.
passiveChannel.onReceive((command) => {
  if (command === 'restart') requestRestart()
})
// #endregion request
