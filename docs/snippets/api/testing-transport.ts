// #region transport
// test/my-transport.test.ts: run with `vitest run`
import { transportContract } from 'liteyuki-comm/testing'
import { socketTransport } from './socket-transport.js'

// Eight tests: order, large frames, flush and close, ref and unref, under
// both IPC serializations, against a real forked child.
transportContract('Unix socket', socketTransport)
// #endregion transport
