import { sharedMemory } from 'liteyuki-comm'

interface Announcement { text: string; level: 'info' | 'warn' }

// #region subscribe
// 在任意进程中，想要多少个订阅者都可以：
const unsubscribe = sharedMemory.onSubscriberReceive<Announcement>('announcements', (announcement) => {
  console.log(`[${announcement.level}] ${announcement.text}`)
})
// #endregion subscribe

// #region publish
// In any process: every subscriber of the topic, in every process, gets it once.
await sharedMemory.publish('announcements', { text: 'Liteyuki is up', level: 'info' } satisfies Announcement)
// #endregion publish

unsubscribe()
