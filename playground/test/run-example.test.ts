import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { exampleNames } from '../server/workspace.mjs'

const script = fileURLToPath(new URL('../../scripts/run-example.mjs', import.meta.url))
const temps: string[] = []
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** `npm run example -- <args>` after its build step, with a temporary folder of its own to look into afterwards. */
function runExample(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; temp: string }> {
  const temp = mkdtempSync(join(tmpdir(), 'run-example-tmp-'))
  temps.push(temp)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    child.once('error', reject)
    child.once('close', code => resolve({ code, stdout, stderr, temp }))
  })
}

describe('npm run example', () => {
  it('answers an unknown name with one line listing the examples, exit code 1, and nothing left behind', async () => {
    const { code, stdout, stderr, temp } = await runExample('channel')
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trimEnd().split('\n')).toEqual([`Unknown example 'channel'. The examples are: ${exampleNames().join(', ')}.`])
    expect(exampleNames()).toEqual(expect.arrayContaining(['channels', 'pubsub', 'active-mode']))
    expect(readdirSync(temp)).toEqual([])
  })

  it('runs a known example and removes its temporary folder afterwards', async () => {
    const { code, stdout, temp } = await runExample('active-mode')
    expect(code).toBe(0)
    expect(stdout).toContain("Running the 'active-mode' example:")
    expect(stdout).toContain('5² = 25')
    expect(readdirSync(temp)).toEqual([])
  })
})
