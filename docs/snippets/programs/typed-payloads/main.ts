import { getBot } from 'liteyuki-comm'
import { channels, isReport, registerChannels } from './messages.js'

// #region main
const bot = getBot()
registerChannels()
bot.addProcess('resizer-1', new URL('./child.js', import.meta.url))
bot.addProcess('resizer-2', new URL('./child.js', import.meta.url))
await bot.start()

const jobs = channels.jobs()
for (let id = 1; id <= 4; id++) jobs.send({ id, width: id * 100 })

await new Promise<void>((resolve) => {
  let reported = 0
  channels.reports().onReceive((report) => {
    // `report` is a Report; checking `kind` narrows it to one case.
    if (report.kind === 'failed') console.log(`job ${report.id} failed: ${report.reason}`)
    else console.log(`job ${report.id} done`)
    if (++reported === 4) resolve()
  }, { filter: isReport }) // what fails the guard never reaches the handler
})
// #endregion main

await bot.stop()
