// The child end of a transport under test, echoing every frame it gets. It
// makes its end as liteyuki-comm would: from the module main names in
// LITEYUKI_COMM_TRANSPORT_UNDER_TEST, else from fork IPC. A frame 'unref' lets
// it exit once idle; 'foreign-please' answers with raw IPC messages that are
// not frames, which the other end must ignore.
import { createIpcTransport } from '../transport/ipc-transport.js'
import type { Transport } from '../types.js'
import { TRANSPORT_UNDER_TEST } from './echo-env.js'

const chosen = process.env[TRANSPORT_UNDER_TEST] ? (JSON.parse(process.env[TRANSPORT_UNDER_TEST]) as { module: string; options?: unknown }) : undefined
const transport: Transport = chosen
  ? await ((await import(chosen.module)) as { createChildTransport(options: unknown): Transport | Promise<Transport> }).createChildTransport(chosen.options)
  : createIpcTransport(process)
transport.onFrame(frame => {
  if (frame.t === ('foreign-please' as never)) {
    process.send?.('plain string')
    process.send?.({ f: ['looks like frames but is not'] })
  }
  if ((frame as { d?: unknown }).d === 'unref') transport.unref?.()
  transport.send(frame)
})
transport.ref?.()
