import { mkdirSync, readFileSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { compileExample, examplesDir, runNode, tempDir } from './helpers.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const docsDir = fileURLToPath(new URL('../../../docs/', import.meta.url))

/** Every docs page, English and Chinese. */
function pages(dir = docsDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'public' || entry.name === 'snippets' ? [] : pages(path)
    return entry.name.endsWith('.md') ? [path] : []
  })
}

/** The output blocks a page marks with `<!-- output: example -->`, each with its example's name. */
function outputBlocks(): Array<{ page: string; example: string; lines: string[] }> {
  return pages().flatMap(page => {
    const text = readFileSync(page, 'utf8')
    return [...text.matchAll(/<!-- output: ([\w-]+) -->\n+```txt\n([\s\S]*?)```/g)].map(match => ({
      page: page.slice(docsDir.length),
      example: match[1]!,
      lines: match[2]!.trimEnd().split('\n'),
    }))
  })
}

const runs = new Map<string, Promise<string[]>>()

/** Runs an example once, as a reader would after compiling it, and keeps what it printed. */
function output(example: string): Promise<string[]> {
  let run = runs.get(example)
  if (!run) {
    const out = tempDir(example)
    compileExample(fileURLToPath(new URL(`${example}/`, examplesDir)), out)
    mkdirSync(join(out, 'node_modules'))
    symlinkSync(packageDir, join(out, 'node_modules', 'liteyuki-comm'))
    const node = runNode(join(out, 'main.js'))
    run = node.exited.then(code => {
      expect(code).toBe(0)
      return node.lines
    })
    runs.set(example, run)
  }
  return run
}

describe("the docs' output blocks show what the examples print", () => {
  const blocks = outputBlocks()

  it('finds the marked blocks in both languages', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4)
    expect(blocks.some(block => block.page.startsWith('zh/'))).toBe(true)
  })

  // Messages on two channels interleave as they arrive, so the order of those lines may differ from run to run.
  it.each(blocks.map(block => [`${block.page} (${block.example})`, block] as const))('%s: the same lines, ending as the run ends', async (_, block) => {
    const real = await output(block.example)
    expect(block.lines).not.toContain('...')
    expect([...block.lines].sort()).toEqual([...real].sort())
    expect(block.lines.at(-1)).toBe(real.at(-1))
  })
})
