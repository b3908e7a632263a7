/** Reads `count` messages from a channel end in `mode` (receive, forawait or passive); resolves when all came. */
export async function drain(end, mode, count) {
  let received = 0
  if (mode === 'passive') {
    await new Promise(resolve => {
      end.onReceive(() => {
        if (++received === count) resolve()
      })
    })
  } else if (mode === 'forawait') {
    for await (const _ of end) if (++received === count) break
  } else {
    while (received < count) {
      await end.receive()
      received++
    }
  }
}
