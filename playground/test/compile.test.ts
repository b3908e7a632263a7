import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { compile } from '../src/compile.mjs'

const examples = fileURLToPath(new URL('../examples', import.meta.url))

describe("the Run's compiler", () => {
  it('takes the types out of every example, keeping each line where it was', () => {
    const files = readdirSync(examples, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .flatMap(entry => readdirSync(join(examples, entry.name)).map(name => join(examples, entry.name, name)))
      .filter(path => path.endsWith('.ts'))
    expect(files.length).toBeGreaterThan(10)
    for (const path of files) {
      const source = readFileSync(path, 'utf8')
      const code = compile(path.split('/').pop()!, source)
      expect(code.split('\n').length, path).toBe(source.split('\n').length)
      // What is left is JavaScript: TypeScript finds no TypeScript syntax in it.
      const { diagnostics } = ts.transpileModule(code, { fileName: 'check.js', reportDiagnostics: true, compilerOptions: { allowJs: true, checkJs: false } })
      expect(diagnostics ?? [], path).toEqual([])
      expect(code, path).not.toMatch(/<string>|: string\b|\bas number\b/)
    }
  })

  it('drops imports used only as types, as TypeScript does, and keeps the rest', () => {
    const code = compile(
      'main.ts',
      "import type { Bot } from 'liteyuki-comm'\nimport { getBot, type Channel } from 'liteyuki-comm'\nconst bot: Bot = getBot()\nlet channel: Channel<string> | undefined\nconsole.log(bot, channel)\n",
    )
    expect(code).not.toContain('Bot }')
    expect(code).toMatch(/import \{ getBot,? \} from 'liteyuki-comm'/)
    expect(code).toContain('const bot = getBot()')
  })

  it('names the file, line and column of a syntax error', () => {
    expect(() => compile('child.ts', 'const ok = 1\nconst broken = ) 2\n')).toThrow('Error transforming child.ts: Unexpected token (2:16)')
  })
})
