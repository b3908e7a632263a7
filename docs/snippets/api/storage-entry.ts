// #region storage-entry
// Only the store: the same object as the root export.
import { sharedMemory, type SharedMemory } from 'liteyuki-comm/storage'

const store: SharedMemory = sharedMemory
await store.set('key', 'value')
// #endregion storage-entry
