import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { pages, read, root } from './docs-pages.js'

/**
 * The ```ts fences of the API reference are written by hand. This checks each
 * of them against the package's built declarations:
 *
 * - declarations (`function`, `const`, `type`, `interface`, `class`) are
 *   compiled next to the .d.ts files and must have exactly the type of the
 *   export of the same name; a class must list every public member its
 *   declaration has (constructors aside), with the same heritage clause;
 * - the parameter names of every documented function, method and constructor
 *   must be the declared ones, overload by overload;
 * - a fence of bare members (`send(data: T): void` under a class's heading)
 *   must repeat, word for word, a member of the last class or interface fence
 *   above it, which is itself checked as above;
 * - the `// code 'ERR_...'` comments of error classes must be the codes the
 *   built classes pass to `CommError`.
 */

const dist = join(root, 'packages/comm/dist/esm')
const CHECK_FILE = join(dist, '__docs_signatures__.mts')
/** The Redis backend's package, documented on the cluster page: its exports are checked too. */
const redisDist = join(root, 'packages/redis/dist/esm')
/** Both packages' exports as one module, for the check file. */
const REAL_FILE = join(dist, '__docs_real__.mts')
const REAL_SOURCE = `export * from './index.js'\nexport * from '${relative(dist, redisDist)}/index.js'\n`

interface Fence {
  /** 1-based line of the fence's first code line in the page. */
  line: number
  text: string
}

type Kind = 'declarations' | 'members' | 'constructor'

function tsFences(markdown: string): Fence[] {
  const fences: Fence[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++
    fences.push({ line: start + 1, text: lines.slice(start, end).join('\n') })
    i = end
  }
  return fences
}

function kindOf(text: string): Kind {
  const first = text.trimStart()
  if (/^new\s/.test(first)) return 'constructor'
  if (/^(?:declare\s+|export\s+)*(?:function|class|interface|type|const)\s/.test(first)) return 'declarations'
  return 'members'
}

const parse = (text: string, name = 'fence.ts'): ts.SourceFile => ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)

/** Whitespace-insensitive text of a member or signature, without comments or a trailing semicolon. */
function normalize(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([(){}[\],:;<>|&=?])\s*/g, '$1')
    .replace(/;+$/, '')
    .replace(/;\}/g, '}')
    .trim()
}

type Member = ts.ClassElement | ts.TypeElement

function memberName(member: Member, sf: ts.SourceFile): string {
  if (ts.isConstructorDeclaration(member) || ts.isConstructSignatureDeclaration(member)) return 'constructor'
  return member.name ? member.name.getText(sf) : ''
}

/** The members of a fence of bare members, parsed as a class body. */
function bareMembers(text: string): { sf: ts.SourceFile; members: Member[] } {
  const sf = parse(`declare class __Members {\n${text}\n}`)
  const cls = sf.statements[0] as ts.ClassDeclaration
  return { sf, members: [...cls.members] }
}

/** Parameter names of a signature, with `?` and `...` markers. */
function paramNames(node: ts.SignatureDeclarationBase, sf: ts.SourceFile): string {
  return node.parameters.map(p => `${p.dotDotDotToken ? '...' : ''}${p.name.getText(sf)}${p.questionToken || p.initializer ? '?' : ''}`).join(', ')
}

function typeParams(node: { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }, sf: ts.SourceFile): { decl: string; args: string } {
  const params = node.typeParameters ?? []
  if (params.length === 0) return { decl: '', args: '' }
  return {
    decl: `<${params.map(p => p.name.text + (p.constraint ? ` extends ${p.constraint.getText(sf)}` : '')).join(', ')}>`,
    args: `<${params.map(p => p.name.text).join(', ')}>`,
  }
}

function heritage(node: ts.ClassDeclaration | ts.InterfaceDeclaration, sf: ts.SourceFile): string {
  return normalize((node.heritageClauses ?? []).map(h => h.getText(sf)).join(' '))
}

// ---------------------------------------------------------------- the built declarations

type Declaration = ts.ClassDeclaration | ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.FunctionDeclaration | ts.VariableDeclaration

/** Every exported top-level declaration of the built .d.ts files, by name. */
function builtDeclarations(): Map<string, { sf: ts.SourceFile; nodes: Declaration[] }> {
  const found = new Map<string, { sf: ts.SourceFile; nodes: Declaration[] }>()
  const add = (name: string, sf: ts.SourceFile, node: Declaration): void => {
    const entry = found.get(name)
    if (entry && entry.sf !== sf) throw new Error(`'${name}' is declared in two .d.ts files; the check cannot tell them apart.`)
    if (entry) entry.nodes.push(node)
    else found.set(name, { sf, nodes: [node] })
  }
  // The Redis package's internals may reuse names of the library's: only its exports are taken.
  const redisExports = new Set(entryExports(redisDist, ['index.d.ts']))
  const sources = [
    ...(readdirSync(dist, { recursive: true }) as string[]).map(file => ({ dir: dist, file, keep: (_: string) => true })),
    ...(readdirSync(redisDist, { recursive: true }) as string[]).map(file => ({ dir: redisDist, file, keep: (name: string) => redisExports.has(name) })),
  ]
  for (const { dir, file, keep } of sources.filter(s => s.file.endsWith('.d.ts'))) {
    const sf = parse(readFileSync(join(dir, file), 'utf8'), file)
    for (const statement of sf.statements) {
      const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some(m => m.kind === ts.SyntaxKind.ExportKeyword)
      if (!exported) continue
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (keep(d.name.getText(sf))) add(d.name.getText(sf), sf, d)
      } else if (
        (ts.isClassDeclaration(statement) ||
          ts.isInterfaceDeclaration(statement) ||
          ts.isTypeAliasDeclaration(statement) ||
          ts.isFunctionDeclaration(statement)) &&
        statement.name &&
        keep(statement.name.text)
      ) {
        add(statement.name.text, sf, statement)
      }
    }
  }
  return found
}

const built = builtDeclarations()

/** The public exports of some entry points of a package, values and types. */
function entryExports(dir: string, entries: string[]): string[] {
  const names = new Set<string>()
  for (const entry of entries) {
    const file = join(dir, entry)
    const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: [] })
    const checker = program.getTypeChecker()
    const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
    for (const symbol of checker.getExportsOfModule(module)) names.add(symbol.name)
  }
  return [...names].sort()
}

/** The public exports of both packages. */
const exportedNames = (): string[] => [...new Set([...entryExports(dist, ['index.d.ts', 'storage.d.ts']), ...entryExports(redisDist, ['index.d.ts'])])].sort()

/** The `code` each built error class passes to its base class. */
function errorCodes(): Map<string, string> {
  const js = readFileSync(join(dist, 'errors.js'), 'utf8')
  const codes = new Map<string, string>()
  for (const [, name, body] of js.matchAll(/class (\w+) extends \w+ \{([\s\S]*?)(?=\nexport class |\nclass |$)/g)) {
    const code = body!.match(/super\('(ERR_\w+)'/)?.[1] ?? body!.match(/code = '(ERR_\w+)'/)?.[1]
    if (code) codes.set(name!, code)
  }
  return codes
}

const exported = exportedNames()
const codes = errorCodes()

// ---------------------------------------------------------------- checking one page

const sourceFiles = new Map<string, ts.SourceFile | undefined>()

interface Problem {
  fence: Fence
  message: string
}

/**
 * Checks the fences of one page. Declaration fences are compiled in one
 * program; every problem is reported with the fence it comes from.
 */
function checkPage(markdown: string): { fences: Fence[]; problems: Problem[] } {
  const fences = tsFences(markdown)
  const problems: Problem[] = []

  const header = [
    `import type * as Real from './__docs_real__.mjs'`,
    `import type { Frame } from './protocol/frames.js'`,
    `import type { RedisOptions } from 'ioredis'`,
    `import type { ${exported.join(', ')} } from './__docs_real__.mjs'`,
    `type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false`,
    `type Assert<T extends true> = T`,
    `export type { Frame }`,
  ]
  const code: string[] = [...header]
  const ranges: Array<{ from: number; to: number; fence: Fence }> = []

  /** The members of the last class or interface fence, for the bare-member fences below it. */
  let container: { name: string; typeParams: string; members: string[] } | undefined

  fences.forEach((fence, index) => {
    const kind = kindOf(fence.text)
    const problem = (message: string): void => void problems.push({ fence, message })

    if (kind === 'members' || kind === 'constructor') {
      if (!container) return problem('a fence of members with no class or interface fence above it')
      if (kind === 'constructor') {
        const match = fence.text.trim().match(/^new\s+(\w+)(<[^(]*>)?\s*(\([\s\S]*\))\s*$/)
        if (!match) return problem('cannot read this constructor')
        const [, name, params = '', args] = match
        if (name !== container.name) problem(`documents new ${name} under the fence of ${container.name}`)
        if (normalize(params) !== container.typeParams) problem(`type parameters ${params} differ from the class's ${container.typeParams || '(none)'}`)
        if (!container.members.includes(normalize(`constructor${args}`)))
          problem(`new ${name}${params}${args} is not the constructor of the ${container.name} fence above`)
        return
      }
      const { sf, members } = bareMembers(fence.text)
      if (members.length === 0) problem('no member found')
      for (const member of members) {
        const text = normalize(member.getText(sf))
        if (!container.members.includes(text)) problem(`'${member.getText(sf)}' is not a member of the ${container.name} fence above, word for word`)
      }
      return
    }

    const sf = parse(fence.text)
    const from = code.length
    const ns = `Doc${index}`
    const body: string[] = []
    const checks: string[] = []
    for (const statement of sf.statements) {
      if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
        const name = statement.name!.text
        const real = built.get(name)
        const realNode = real?.nodes.find(n => ts.isClassDeclaration(n) || ts.isInterfaceDeclaration(n)) as
          ts.ClassDeclaration | ts.InterfaceDeclaration | undefined
        if (!real || !realNode) {
          problem(`'${name}' is not a class or interface of the package`)
          continue
        }
        if (!exported.includes(name)) problem(`'${name}' is not exported by the package`)
        const isClass = ts.isClassDeclaration(statement)
        if (isClass !== ts.isClassDeclaration(realNode)) problem(`'${name}' is ${ts.isClassDeclaration(realNode) ? 'a class' : 'an interface'} in the package`)
        if (heritage(statement, sf) !== heritage(realNode, real.sf))
          problem(`'${name}' has heritage '${heritage(statement, sf)}', the package '${heritage(realNode, real.sf)}'`)
        const tp = typeParams(statement, sf)
        const realTp = normalize(realNode.typeParameters ? `<${realNode.typeParameters.map(p => p.getText(real.sf)).join(', ')}>` : '')
        const docTp = normalize(statement.typeParameters ? `<${statement.typeParameters.map(p => p.getText(sf)).join(', ')}>` : '')
        if (docTp !== realTp) problem(`'${name}' has type parameters '${docTp}', the package '${realTp}'`)

        const members = [...statement.members] as Member[]
        const documented = members.filter(m => memberName(m, sf) !== 'constructor')
        const realMembers = ([...realNode.members] as Member[]).filter(m => !(m.name && ts.isPrivateIdentifier(m.name)))
        // Completeness: every public member the package declares here is documented (constructors may be left out).
        const documentedNames = new Set(documented.map(m => memberName(m, sf)))
        for (const m of realMembers) {
          const n = memberName(m, real.sf)
          if (n !== 'constructor' && !documentedNames.has(n)) problem(`'${name}.${n}' is declared by the package but missing from the fence`)
        }
        // Parameter names, overload by overload.
        const byName = (list: Member[], file: ts.SourceFile, n: string): ts.SignatureDeclarationBase[] =>
          list.filter(m => memberName(m, file) === n && 'parameters' in m) as unknown as ts.SignatureDeclarationBase[]
        for (const n of new Set(members.map(m => memberName(m, sf)))) {
          const docSigs = byName(members, sf, n)
          const realSigs = byName(realMembers, real.sf, n)
          if (docSigs.length === 0) continue
          if (realSigs.length === 0 && n !== 'constructor') continue // a getter documented as a readonly property has no parameters
          const docParams = docSigs.map(s => paramNames(s, sf))
          const realParams = realSigs.map(s => paramNames(s, real.sf))
          if (JSON.stringify(docParams) !== JSON.stringify(realParams)) {
            problem(`'${name}.${n}' has parameters (${docParams.join(') / (')}), the package (${realParams.join(') / (')})`)
          }
        }
        // Types: the documented members must have exactly the declared types.
        const interfaceBody = documented.map(m => m.getText(sf)).join('\n')
        // An interface keeps its `extends`; a class is compared on its documented members, its heritage above.
        const extendsClause = isClass ? '' : ` ${(statement.heritageClauses ?? []).map(h => h.getText(sf)).join(' ')}`
        body.push(`interface ${name}${tp.decl}${extendsClause} {\n${interfaceBody}\n}`)
        const doc = `${ns}.${name}${tp.args}`
        const realType = isClass ? `Pick<Real.${name}${tp.args}, keyof ${doc}>` : `Real.${name}${tp.args}`
        checks.push(
          tp.decl
            ? `type Check${index}_${name} = Assert<Equal<${tp.decl}() => ${doc}, ${tp.decl}() => ${realType}>>`
            : `type Check${index}_${name} = Assert<Equal<${doc}, ${realType}>>`,
        )
        const ctor = members.find(m => memberName(m, sf) === 'constructor') as ts.ConstructorDeclaration | undefined
        if (ctor) {
          const tuple = `[${ctor.parameters.map(p => p.getText(sf)).join(', ')}]`
          checks.push(`type Check${index}_${name}_constructor = Assert<Equal<${tuple}, ConstructorParameters<typeof Real.${name}>>>`)
        }
        const comment = fence.text.match(new RegExp(`class ${name}\\b[^\\n]*//\\s*code '(\\w+)'`))?.[1]
        if (comment !== undefined && comment !== codes.get(name))
          problem(`'${name}' is documented with code '${comment}', the package uses '${codes.get(name)}'`)
        container = { name, typeParams: docTp, members: members.map(m => normalize(m.getText(sf))) }
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const name = statement.name.text
        const real = built.get(name)?.nodes.find(ts.isTypeAliasDeclaration)
        if (!real) {
          problem(`'${name}' is not a type of the package`)
          continue
        }
        if (!exported.includes(name)) problem(`'${name}' is not exported by the package`)
        const tp = typeParams(statement, sf)
        body.push(statement.getText(sf))
        checks.push(
          tp.decl
            ? `type Check${index}_${name} = Assert<Equal<${tp.decl}() => ${ns}.${name}${tp.args}, ${tp.decl}() => Real.${name}${tp.args}>>`
            : `type Check${index}_${name} = Assert<Equal<${ns}.${name}, Real.${name}>>`,
        )
      } else if (ts.isFunctionDeclaration(statement) && statement.name) {
        const name = statement.name.text
        const real = built.get(name)
        const realSigs = real?.nodes.filter(ts.isFunctionDeclaration) ?? []
        if (realSigs.length === 0) {
          problem(`'${name}' is not a function of the package`)
          continue
        }
        if (!exported.includes(name)) problem(`'${name}' is not exported by the package`)
        body.push(statement.getText(sf))
        const docSigs = sf.statements.filter((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === name)
        if (docSigs[0] === statement) {
          const docParams = docSigs.map(s => paramNames(s, sf))
          const realParams = realSigs.map(s => paramNames(s, real!.sf))
          if (JSON.stringify(docParams) !== JSON.stringify(realParams))
            problem(`'${name}' has parameters (${docParams.join(') / (')}), the package (${realParams.join(') / (')})`)
          checks.push(`type Check${index}_${name} = Assert<Equal<typeof ${ns}.${name}, typeof Real.${name}>>`)
        }
      } else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) {
          const name = d.name.getText(sf)
          if (!built.get(name)?.nodes.some(ts.isVariableDeclaration)) {
            problem(`'${name}' is not a constant of the package`)
            continue
          }
          if (!exported.includes(name)) problem(`'${name}' is not exported by the package`)
          checks.push(`type Check${index}_${name} = Assert<Equal<typeof ${ns}.${name}, typeof Real.${name}>>`)
        }
        body.push(statement.getText(sf))
      } else {
        problem(`cannot check '${statement.getText(sf).slice(0, 60)}'`)
      }
    }
    code.push(`declare namespace ${ns} {`, ...body.join('\n').split('\n'), '}', ...checks)
    ranges.push({ from, to: code.length, fence })
  })

  // Compile the declaration fences next to the built .d.ts files.
  const source = code.join('\n')
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  }
  const host = ts.createCompilerHost(options)
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (file, language, ...rest) => {
    if (file === CHECK_FILE) return ts.createSourceFile(file, source, language)
    if (file === REAL_FILE) return ts.createSourceFile(file, REAL_SOURCE, language)
    // The libraries and the built declarations are parsed once for every check.
    let cached = sourceFiles.get(file)
    if (!cached) sourceFiles.set(file, (cached = getSourceFile(file, language, ...rest)))
    return cached
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = file => file === CHECK_FILE || file === REAL_FILE || fileExists(file)
  const readFile = host.readFile.bind(host)
  host.readFile = file => (file === CHECK_FILE ? source : file === REAL_FILE ? REAL_SOURCE : readFile(file))
  const program = ts.createProgram([CHECK_FILE], options, host)
  const checkFile = program.getSourceFile(CHECK_FILE)!
  for (const diagnostic of [...program.getSyntacticDiagnostics(checkFile), ...program.getSemanticDiagnostics(checkFile)]) {
    const line = diagnostic.start === undefined ? -1 : checkFile.getLineAndCharacterOfPosition(diagnostic.start).line
    const range = ranges.find(r => line >= r.from && line < r.to)
    const message = `${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n  in: ${code[line] ?? '(check file)'}`
    if (range) problems.push({ fence: range.fence, message })
    else throw new Error(`The generated check file does not compile: ${message}`)
  }
  return { fences, problems }
}

// ---------------------------------------------------------------- the tests

describe('the signatures in the API reference match the built declarations', () => {
  // The reference is split into pages by concept; a bare-member fence refers to a class fence on its own page.
  const apiPages = pages('en').filter(page => page.startsWith('api/'))
  const text = (lang: 'en' | 'zh'): Record<string, string> => Object.fromEntries(apiPages.map(page => [page, read(lang, page)]))
  const byLang = { en: text('en'), zh: text('zh') }

  it('has the reference on several pages', () => {
    expect(apiPages.length).toBeGreaterThan(5)
  })

  // The code, not its comments: the Chinese pages comment in Chinese.
  it.each(apiPages)('%s: both languages show the same signatures', page => {
    expect(tsFences(byLang.zh[page]!).map(f => normalize(f.text))).toEqual(tsFences(byLang.en[page]!).map(f => normalize(f.text)))
  })

  it.each(['en', 'zh'] as const)('%s: every ```ts fence is checked and matches', lang => {
    let fences = 0
    const report: string[] = []
    for (const page of apiPages) {
      const checked = checkPage(byLang[lang][page]!)
      fences += checked.fences.length
      report.push(...checked.problems.map(p => `${page} line ${p.fence.line}: ${p.fence.text.split('\n')[0]}\n  ${p.message}`))
    }
    expect(fences).toBeGreaterThan(50)
    if (process.env.SHOW_SIGNATURE_PROBLEMS) console.log(report.join('\n'))
    expect(report).toEqual([])
  })

  // The check must be able to fail: a changed fence is caught.
  const mutations: Array<[string, string, string]> = [
    ['a renamed parameter', 'getChannel<T = unknown>(name: string)', 'getChannel<T = unknown>(id: string)'],
    [
      'an added parameter',
      'stopProcess(name: string): Promise<void>\n  restartProcess',
      'stopProcess(name: string, force?: boolean): Promise<void>\n  restartProcess',
    ],
    [
      'a removed parameter',
      'addProcess(name: string, file: string | URL, options?: ProcessOptions): void\n  start',
      'addProcess(name: string, file: string | URL): void\n  start',
    ],
    ['a wrong parameter type', 'receive(options?: ReceiveOptions): Promise<T>\n  [Symbol', 'receive(options?: ChannelOptions): Promise<T>\n  [Symbol'],
    ['a wrong return type', 'delete(key: string): Promise<boolean>\n  getAll', 'delete(key: string): Promise<void>\n  getAll'],
    ['a missing member', '  getProcesses(): ProcessInfo[]\n  inspect', '  inspect'],
    ['a wrong interface member', '  restarts: number\n}', '  restartCount: number\n}'],
    ['a wrong type alias', "type RestartPolicy = 'never' | 'on-failure' | 'always'", "type RestartPolicy = 'never' | 'always'"],
    ['a constructor that differs from its class', 'new Channel<T = unknown>(name: string, options?: ChannelOptions)', 'new Channel<T = unknown>(name: string)'],
    ['a bare member that differs from its class', '```ts\nsend(data: T): void\n```', '```ts\nsend(data: T, to: string): void\n```'],
    ['a wrong error code', "class TimeoutError extends CommError {} // code 'ERR_TIMEOUT'", "class TimeoutError extends CommError {} // code 'ERR_TIMED_OUT'"],
  ]
  it.each(mutations)('would catch %s', (_, from, to) => {
    const page = Object.values(byLang.en).find(markdown => markdown.includes(from))
    expect(page).toBeDefined()
    expect(checkPage(page!.replace(from, to)).problems).not.toEqual([])
  })
})
