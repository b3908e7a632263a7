import { describe, expect, it } from 'vitest'
import { ChannelFullError } from '../../src/errors.js'
import { addEnd, settle, world } from './harness.js'
import { section } from '../docs-text.js'

// Troubleshooting's entry predated read-ahead: it spoke of messages waiting in main.
describe("troubleshooting's ChannelFullError entry", () => {
  it('the bound counts per sender, and counts messages delivered ahead but not yet used', async () => {
    const w = world()
    w.main.client.register('bounded', { maxQueue: 2 })
    const child = w.child('reader')
    const end = addEnd(child.runtime, 'bounded', 8)
    end.receiver.addHandler(() => new Promise<void>(() => {}))
    addEnd(w.main, 'bounded')
    w.main.client.send('bounded', 'a', 0)
    w.main.client.send('bounded', 'b', 0)
    await settle()
    // Nothing waits in main: both left for the child, which has not used them.
    expect(end.delivered).toBe(2)
    expect(() => w.main.client.send('bounded', 'c', 0)).toThrow(ChannelFullError)
    // Another sender has room of its own.
    expect(() => child.runtime.client.send('bounded', 'reply', 0)).not.toThrow()
  })

  it.each([
    ['en', /counts per sender/, /delivered to an end that took them ahead/, /waiting in main for a receiver\./],
    ['zh', /按发送方分别计算/, /已经投递给某个端、被它预取/, /主进程中等待接收的消息已经达到这个数目/],
  ] as const)('%s: says so', (lang, perSender, readAhead, old) => {
    const text = section(lang, 'guide/troubleshooting.md', 'channelfullerror')
    expect(text).toMatch(perSender)
    expect(text).toMatch(readAhead)
    expect(text).not.toMatch(old)
  })
})
