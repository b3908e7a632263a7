import { describe, expect, it } from 'vitest'
import { builtSite } from './site-pages.js'

// The performance page draws its tables from the benchmarks' results: a row
// the components do not know must not break the page.
describe('the benchmark tables of the performance page, in headless Chromium', () => {
  const site = builtSite()

  it.concurrent.each([
    ['/guide/performance', 'Fair dispatch: 30 jobs of 50 ms', 'Bare Redis client, same guarantee'],
    ['/zh/guide/performance', '公平分发：3 个工作进程开始监听之前发出 30 个 50 ms 的任务', '裸 Redis 客户端，同样的保证'],
  ])('%s shows every row of both benchmarks, its code as code, with no error', async (path, fairRow, clusterColumn) => {
    const errors: string[] = []
    const page = await site.open(path, { errors })
    const rows = await page.locator('.benchmark-table tbody tr').allTextContents()
    expect(rows.filter(row => row.includes(fairRow))).toHaveLength(4)
    expect(await page.locator('.benchmark-table th').allTextContents()).toContain(clusterColumn)
    // The labels' code is set as code, and no Markdown backtick shows.
    expect((await page.locator('.benchmark-table, .benchmark-chart').allTextContents()).join('')).not.toContain('`')
    expect(await page.locator('.benchmark-table td code').allTextContents()).toContain('for await')
    expect(errors).toEqual([])
    await page.close()
  })
})
