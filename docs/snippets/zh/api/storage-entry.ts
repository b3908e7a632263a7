// #region storage-entry
// 只有存储：与根入口导出的是同一个对象。
import { sharedMemory, type SharedMemory } from 'liteyuki-comm/storage'

const store: SharedMemory = sharedMemory
await store.set('key', 'value')
// #endregion storage-entry
