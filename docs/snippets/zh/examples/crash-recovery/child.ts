import { processName, sharedMemory } from 'liteyuki-comm'

const attempt = (await sharedMemory.update<number>('attempt', n => (n ?? 0) + 1))!
console.log(`${processName} attempt ${attempt}`)

// 故意崩溃：未捕获的错误会让进程以退出码 1 结束。
setTimeout(() => {
  throw new Error(`crash number ${attempt}`)
}, 100)
