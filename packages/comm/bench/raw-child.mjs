// Baseline child: plain process.on('message') / process.send, no library.
const [scenario, count] = [process.argv[2], Number(process.argv[3])]
const small = i => ({ id: i, type: 'message', user: 'liteyuki', text: 'hello from the main process', at: 1_700_000_000_000 })
let received = 0
process.send('ready')
process.on('message', message => {
  if (scenario === 'pingpong') return process.send(message)
  if (scenario === 'c2m') {
    // 'go': send everything, as fast as process.send allows.
    for (let i = 0; i < count; i++) process.send(small(i))
    return
  }
  if (++received === count) process.send('done')
})
