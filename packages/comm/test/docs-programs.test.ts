import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileExample, runNode, tempDir } from './helpers.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const programsDir = fileURLToPath(new URL('../../../docs/snippets/programs/', import.meta.url))
const docsDir = fileURLToPath(new URL('../../../docs/', import.meta.url))

/** The output blocks marked `<!-- output: programs/<name> -->` on every page, both languages. */
function outputBlocks(): Array<{ page: string; program: string; lines: string[] }> {
  return readdirSync(docsDir, { recursive: true, encoding: 'utf8' })
    .filter(page => page.endsWith('.md'))
    .flatMap(page =>
      [...readFileSync(join(docsDir, page), 'utf8').matchAll(/<!-- output: programs\/([\w-]+) -->\n+```txt\n([\s\S]*?)```/g)].map(match => ({
        page,
        program: match[1]!,
        lines: match[2]!.trimEnd().split('\n'),
      })),
    )
}

// The debugging, recipe and security pages include their code from these whole programs.
// Each runs here as a reader would run it: compiled on its own, in a fresh folder, as its own main process.
async function run(program: string, env: NodeJS.ProcessEnv = {}): Promise<{ lines: string[]; stdout: string }> {
  const out = tempDir(program)
  compileExample(join(programsDir, program), out)
  mkdirSync(join(out, 'node_modules'))
  symlinkSync(packageDir, join(out, 'node_modules', 'liteyuki-comm'))
  const node = runNode(join(out, 'main.js'), [], { LITEYUKI_COMM_STDIO: '', LITEYUKI_COMM_DEBUG: '', LITEYUKI_COMM_INSPECT: '', ...env })
  let stdout = ''
  node.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  expect(await node.exited, node.lines.join('\n')).toBe(0)
  return { lines: node.lines, stdout }
}

describe('the programs the guides include', () => {
  it('request-response: concurrent requests each get their own reply, a refusal fails only its request', async () => {
    const { lines } = await run('request-response')
    expect(lines).toContain('squares: 900, 16, 25')
    expect(lines).toContain('refused: cannot square -1: negative')
    expect(lines.filter(line => line.startsWith('answered request')).sort()).toEqual(['answered request 1', 'answered request 2', 'answered request 3'])
  })

  it('typed-payloads: both children share the types; every job is reported once', async () => {
    const { lines } = await run('typed-payloads')
    expect(lines.filter(line => line.startsWith('job ')).sort()).toEqual(['job 1 done', 'job 2 done', 'job 3 done', 'job 4 failed: width 400 is over 300'])
  })

  it('inspect: bot.inspect() reports states, messages and store writes; LITEYUKI_COMM_STDIO=prefix labels the child', async () => {
    const plain = await run('inspect')
    expect(plain.lines).toEqual(
      expect.arrayContaining([
        '[inspect] echo is starting',
        '[inspect] echo is running',
        "[inspect] main -> echo on echo-active: { text: 'ping' }",
        "[inspect] echo -> main on echo-passive: { text: 'ping' }",
        "[inspect] echo sets 'last-echo'",
        "echoing { text: 'ping' }",
        "main got { text: 'ping' }",
      ]),
    )
    // Once stopped, the listener hears nothing of the shutdown.
    expect(plain.lines).not.toContain('[inspect] echo is stopping')

    const prefixed = await run('inspect', { LITEYUKI_COMM_STDIO: 'prefix' })
    expect(prefixed.lines).toContain("[echo] echoing { text: 'ping' }")
    expect(prefixed.lines).toContain("main got { text: 'ping' }")
  })

  it('inspect: LITEYUKI_COMM_INSPECT=1 adds escape sequences that terminals do not show, and leaves the rest as it was', async () => {
    const { stdout } = await run('inspect', { LITEYUKI_COMM_INSPECT: '1' })
    // oxlint-disable-next-line no-control-regex
    const osc = /\u001B\]7719;(.*?)\u0007/g
    expect([...stdout.matchAll(osc)].length).toBeGreaterThan(0)
    expect(stdout.replace(osc, '')).toContain("main got { text: 'ping' }")
  })

  it('reentrant-update: LITEYUKI_COMM_DEBUG=1 refuses the call at once after an await; without it, before Node.js 24, the call waits for its timeout', async () => {
    const debug = await run('reentrant-update', { LITEYUKI_COMM_DEBUG: '1' })
    expect(debug.lines).toEqual(['ERR_REENTRANT_UPDATE'])
    const plain = await run('reentrant-update')
    expect(plain.lines).toEqual([Number(process.versions.node.split('.')[0]) >= 24 ? 'ERR_REENTRANT_UPDATE' : 'ERR_TIMEOUT'])
  })

  it("child-env: a child gets main's environment unless addProcess() is given its own", async () => {
    const { lines } = await run('child-env')
    expect(lines).toEqual(['trusted sees BOT_TOKEN: yes', 'plugin sees BOT_TOKEN: no'])
  })

  // What a page says a program prints is what it printed. Lines of different processes may interleave in another order.
  const blocks = outputBlocks()
  const runs = new Map<string, Promise<{ lines: string[] }>>()
  it('finds the output blocks in both languages', () => {
    expect(blocks.filter(block => block.page.startsWith('zh')).length).toBeGreaterThanOrEqual(4)
    expect(blocks.length).toBeGreaterThanOrEqual(8)
  })
  it.each(blocks.map(block => [`${block.page} (${block.program})`, block] as const))('%s: the same lines as a run', async (_, block) => {
    if (!runs.has(block.program)) runs.set(block.program, run(block.program))
    const { lines } = await runs.get(block.program)!
    expect([...block.lines].sort()).toEqual([...lines].sort())
  })
})
