// #region transport
// test/my-transport.test.ts：用 `vitest run` 运行
import { transportContract } from 'liteyuki-comm/testing'
import { socketTransport } from './socket-transport.js'

// 共八个测试：顺序、大帧、flush 与关闭、ref 与 unref，
// 两种 IPC 序列化各跑一遍，对面是真实 fork 出来的子进程。
transportContract('Unix socket', socketTransport)
// #endregion transport
