import { sharedMemory } from 'liteyuki-comm'

interface Announcement { text: string; level: 'info' | 'warn' }

// #region subscribe
// 在任意进程中，想要多少个订阅者都可以：
const unsubscribe = sharedMemory.onSubscriberReceive<Announcement>('announcements', (announcement) => {
  console.log(`[${announcement.level}] ${announcement.text}`)
})
// #endregion subscribe

// #region publish
// 在任意进程中：每个进程里该主题的每个订阅者都会收到一次。
await sharedMemory.publish('announcements', { text: 'Liteyuki is up', level: 'info' } satisfies Announcement)
// #endregion publish

unsubscribe()
