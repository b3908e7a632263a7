import { passiveChannel } from 'liteyuki-comm'

// #region child
passiveChannel.send(process.env.BOT_TOKEN === undefined ? 'no' : 'yes')
// #endregion child
