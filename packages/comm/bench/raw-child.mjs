// Baseline child: plain process.on('message') / process.send, no library.
const [scenario, count] = [process.argv[2], Number(process.argv[3])]
let received = 0
process.send('ready')
process.on('message', (message) => {
  if (scenario === 'pingpong') return process.send(message)
  if (++received === count) process.send('done')
})
