import { sharedMemory } from 'liteyuki-comm'

await sharedMemory.set('visits', 1)

// #region reentrant
await sharedMemory.update<number>('visits', async (visits = 0) => {
  await Promise.resolve() // stands for any await: a file read, a request
  // A bug: this update's own key, from inside the update, which holds it.
  await sharedMemory.update<number>('visits', n => n, { timeout: 1_000 }).catch((error: { code: string }) => console.log(error.code))
  return visits + 1
})
// #endregion reentrant
