// fork IPC 以外的一种传输层：帧经由 Unix 域套接字传输（在 Windows 上
// 是命名管道），用 v8 序列化，并在前面加上长度。主进程
// 导入 `socketTransport`；每个子进程中的 liteyuki-comm 导入同一个模块
// （即它的 `childModule`），并调用 `createChildTransport`。
import { connect as connectSocket, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import type { Transport, TransportFactory } from 'liteyuki-comm'

type Frame = Parameters<Transport['send']>[0]

// #region factory
// socket-transport.ts，在主进程中：子进程每启动一次，就用一个套接字。
let opened = 0

export const socketTransport: TransportFactory = {
  // 子进程导入这个模块来创建自己这一侧的连接。
  childModule: new URL(import.meta.url),
  open(name) {
    const id = `liteyuki-${name}-${process.pid}-${++opened}`
    const path = process.platform === 'win32' ? `\\\\.\\pipe\\${id}` : join(tmpdir(), `${id}.sock`)
    const server = createServer().listen(path)
    return {
      childOptions: { path }, // 以 JSON 形式交给子进程的 createChildTransport
      connect(child) {
        const end = socketEnd()
        server.once('connection', (socket) => {
          server.close()
          end.attach(socket)
        })
        // 子进程在连上之前就退出时，主进程这一端也不能一直开着。
        child.once('exit', () => {
          server.close()
          end.close()
        })
        return end
      },
    }
  },
}
// #endregion factory

// #region child
// 同一个模块在子进程中的部分：调用时传入该链路的 childOptions。
// 也可以返回一个解析为传输层的 Promise。
export function createChildTransport({ path }: { path: string }): Transport {
  const end = socketEnd()
  end.attach(connectSocket(path))
  return end
}
// #endregion child

// #region transport
// 两侧共用的一端。套接字就绪之前发出的帧会等它就绪。
function socketEnd(): Transport & { attach(socket: Socket): void } {
  let socket: Socket | undefined
  let closed = false
  let keepAlive = true
  let frameListener: (frame: Frame) => void = () => {}
  const closeListeners: Array<() => void> = []
  const waiting: Array<Buffer | (() => void)> = []
  let buffered: Buffer = Buffer.alloc(0)

  const finish = (): void => {
    if (closed) return
    closed = true
    for (const listener of closeListeners.splice(0)) listener() // 只调用一次
  }
  const write = (item: Buffer | (() => void)): void => {
    if (typeof item === 'function') socket!.write(Buffer.alloc(0), () => item()) // 在之前写入的内容之后
    else socket!.write(item)
  }
  const read = (chunk: Buffer): void => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
    while (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
      const length = buffered.readUInt32BE(0)
      const frame = deserialize(buffered.subarray(4, 4 + length)) as Frame
      buffered = buffered.subarray(4 + length)
      frameListener(frame) // 按顺序
    }
  }

  return {
    get closed() { return closed },
    send(frame) {
      if (closed) return // 直接丢弃，从不抛出
      const body = serialize(frame)
      const head = Buffer.alloc(4)
      head.writeUInt32BE(body.length)
      const bytes = Buffer.concat([head, body])
      if (socket) write(bytes)
      else waiting.push(bytes)
    },
    onFrame(listener) { frameListener = listener },
    onClose(listener) {
      if (closed) listener()
      else closeListeners.push(listener)
    },
    flush(callback = () => {}) {
      if (closed) callback()
      else if (socket) write(callback)
      else waiting.push(callback)
    },
    close() {
      socket?.end()
      finish()
    },
    // 在子进程中：只在等待主进程发来的内容时才让进程保持运行。
    ref() {
      keepAlive = true
      socket?.ref()
    },
    unref() {
      keepAlive = false
      socket?.unref()
    },
    attach(s) {
      socket = s
      if (!keepAlive) s.unref()
      s.on('data', read)
      s.on('close', finish) // 对端已经断开
      s.on('error', () => {}) // 随后的 'close' 事件会报告它
      for (const item of waiting.splice(0)) write(item)
    },
  }
}
// #endregion transport
