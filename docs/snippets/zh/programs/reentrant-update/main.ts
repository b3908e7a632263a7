import { sharedMemory } from 'liteyuki-comm'

await sharedMemory.set('visits', 1)

// #region reentrant
await sharedMemory.update<number>('visits', async (visits = 0) => {
  await Promise.resolve() // 代表任意一次 await：读文件、发请求都算
  // 一个 bug：在 update 内部操作它自己正占着的键。
  await sharedMemory.update<number>('visits', n => n, { timeout: 1_000 }).catch((error: { code: string }) => console.log(error.code))
  return visits + 1
})
// #endregion reentrant
