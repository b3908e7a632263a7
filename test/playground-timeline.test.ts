import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { encodeState } from '../playground/src/share.js'
import { useLocalPlaygroundSite } from './local-playground-site.js'
import { DESKTOP, openPlayground, PHONE, RUN_LIMIT, runAndWait, runButton, seriousViolations, waitForExit } from './playground-page.js'

/** A main that writes the inspection stream by hand: a redelivered message, as main reports one after a crash. */
const redelivery = `const batch = (events: object[]): void => {
  process.stdout.write(\`\\u001B]7719;\${JSON.stringify(events)}\\u0007\`)
}
batch([{ type: 'process', name: 'main', state: 'running', pid: process.pid }, { type: 'process', name: 'worker', state: 'running', pid: 4242 }])
batch([{ type: 'messages', channel: 'jobs', from: 'main', to: 'worker', count: 2, last: '{"job":2}', redelivered: 1 }])
console.log('sent')
export {}
`

/** Turns the timeline's table view on and reads its rows: #, from, to, what, payload. */
async function tableRows(page: Page, toggle: string): Promise<string[][]> {
  const timeline = page.getByRole('region', { name: /^(Timeline|时间线)$/ })
  await timeline.getByRole('button', { name: toggle }).click()
  return timeline.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent!.trim())))
}

const rows = (page: Page) => page.getByRole('region', { name: /^(Timeline|时间线)$/ }).getByRole('listitem')

/** A main whose channel is bounded at 2 unused messages: its third and fourth send are refused. */
const refusal = `import { Channel, setChannel } from 'liteyuki-comm'

const jobs = new Channel<{ job: number }>('jobs', { maxQueue: 2 })
setChannel('jobs', jobs)
for (let job = 1; job <= 4; job++) {
  try {
    jobs.send({ job })
  } catch (error) {
    console.log(\`job \${job} refused: \${(error as { code: string }).code}\`)
  }
}
`

describe('the timeline beside the live view, in headless Chromium', () => {
  const site = useLocalPlaygroundSite()

  it('lists each publication from sender to receivers with its payload, and the states of each process in the order main reported them', async () => {
    const page = await openPlayground(site.browser, `${site.url}/playground?runtime=local&example=pubsub`)
    await runAndWait(page, ['main got: Liteyuki is up'])
    await waitForExit(page)
    expect(await page.getByRole('region', { name: 'Timeline' }).isVisible()).toBe(true)
    const events = await tableRows(page, 'Table view')
    const publication = events.find(row => row[3]!.startsWith('published on '))!
    expect(publication.slice(1)).toEqual([
      expect.any(String),
      expect.stringMatching(/^[\w-]+(, [\w-]+)+$/),
      expect.stringMatching(/^published on \S+$/),
      "'Liteyuki is up'",
    ])
    // Lifecycle rows come in the order main reported them: a child runs before it ends.
    const child = events.filter(row => row[1] === 'plugin-a' && row[2] === '')
    expect(child.findIndex(row => row[3] === 'running')).toBeLessThan(child.findIndex(row => /exited|stopped/.test(row[3]!)))

    // The live view's publication list shows the payload the library reports too.
    expect(await page.getByRole('list', { name: 'Publications' }).textContent()).toContain("'Liteyuki is up'")
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it('marks a redelivered message, and gives the same events as a table from the keyboard', async () => {
    const page = await openPlayground(
      site.browser,
      `${site.url}/playground?runtime=local${encodeState({ example: 'channels', files: { 'main.ts': redelivery } })}`,
    )
    await runAndWait(page, ['sent'])
    const timeline = page.getByRole('region', { name: 'Timeline' })
    const message = rows(page).filter({ has: page.locator('title', { hasText: 'messages on jobs' }) })
    await expect.poll(() => message.getAttribute('aria-label'), { timeout: RUN_LIMIT }).toBe('main → worker: 2 messages on jobs · redelivered · {"job":2}')
    expect(await message.getAttribute('class')).toContain('redelivered')
    await waitForExit(page)
    const count = await rows(page).count()

    // Into the toggle by keyboard, then the table.
    const toggle = timeline.getByRole('button', { name: 'Table view' })
    await toggle.focus()
    await page.keyboard.press('Enter')
    expect(await toggle.getAttribute('aria-pressed')).toBe('true')
    const table = timeline.getByRole('table', { name: 'The events of the run, in the order main saw them' })
    const body = await table.locator('tbody tr').evaluateAll(trs => trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent!.trim())))
    // The diagram draws the rows in view: here, all of them.
    expect(body).toHaveLength(count)
    expect(body).toContainEqual([expect.any(String), 'main', 'worker', '2 messages on jobs, redelivered', '{"job":2}'])
    expect(body.map(row => Number(row[0]))).toEqual([...body.map(row => Number(row[0]))].sort((a, b) => a - b))
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it("marks the messages main refused, and shows an arrow's payload when the reader points at it", async () => {
    const page = await openPlayground(
      site.browser,
      `${site.url}/playground?runtime=local${encodeState({ example: 'channels', files: { 'main.ts': refusal } })}`,
      DESKTOP,
    )
    await runAndWait(page, ['job 3 refused: ERR_CHANNEL_FULL'])
    await waitForExit(page)
    const refused = rows(page).filter({ has: page.locator('title', { hasText: 'refused' }) })
    await expect
      .poll(() => refused.getAttribute('aria-label'), { timeout: RUN_LIMIT })
      .toBe('main → main: 2 messages on jobs refused: the channel is full · { job: 4 }')
    expect(await refused.getAttribute('class')).toContain('refused')
    expect(await refused.locator('text').textContent()).toBe('jobs ×2 ✕')

    // Pointing at an arrow shows what it carried, under the diagram.
    const chosen = page.getByRole('region', { name: 'Timeline' }).locator('p.chosen')
    expect(await chosen.textContent()).toBe('Point at an arrow to see its payload; Table view lists every payload.')
    await refused.locator('rect.hit').hover()
    await expect.poll(() => chosen.textContent()).toBe('main → main: 2 messages on jobs refused: the channel is full · { job: 4 }')
    expect(await chosen.isVisible()).toBe(true)
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it('fits a phone and speaks Chinese on /zh/playground', async () => {
    const page = await openPlayground(site.browser, `${site.url}/zh/playground?runtime=local&example=shared-memory`, PHONE)
    await runButton(page).click()
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: RUN_LIMIT }).toMatch(/已退出，退出码 0/)
    const timeline = page.getByRole('region', { name: '时间线' })
    await expect
      .poll(() => rows(page).evaluateAll(items => items.map(item => item.getAttribute('aria-label')!)))
      .toEqual(expect.arrayContaining([expect.stringMatching(/共享内存：设置 /)]))
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    await timeline.getByRole('button', { name: '表格视图' }).click()
    expect(await timeline.getByRole('table').locator('th').allTextContents()).toEqual(['#', '发送方', '接收方', '事件', '内容'])
    expect(await seriousViolations(page)).toEqual([])
    await page.close()
  })

  it('sits beside the live view at 1280×800, both on the first screen', async () => {
    const page = await openPlayground(site.browser, `${site.url}/playground?runtime=local&example=channels`, DESKTOP)
    const processes = (await page.getByRole('region', { name: 'Processes' }).boundingBox())!
    const timeline = (await page.getByRole('region', { name: 'Timeline' }).boundingBox())!
    expect(timeline.x).toBeGreaterThanOrEqual(processes.x + processes.width)
    for (const box of [processes, timeline]) expect(box.y + box.height).toBeLessThanOrEqual(DESKTOP.height)
    await page.close()
  })
})
