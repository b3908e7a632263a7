import ts from 'typescript'

/**
 * Tokens after which a `/` divides; anywhere else it starts a regular expression.
 * The scanner alone cannot tell, so it is told, as the parser would tell it.
 */
const ENDS_AN_OPERAND = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.SuperKeyword,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
])

/**
 * The comments of a TypeScript or JavaScript text, in order, without their
 * `//`, `/*` and `*` markers. TypeScript's scanner reads the tokens; what it
 * cannot know on its own is told to it as its parser does: that a `}` closing a
 * template's `${…}` resumes the template (else the rest of the template is read
 * as code, and its closing backtick opens a "template" that swallows the
 * comments after it), and whether a `/` starts a regular expression.
 */
export function codeComments(text: string): string[] {
  const found: string[] = []
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text)
  // One entry per open `{` or `${`: true where the brace opened a template substitution.
  const braces: boolean[] = []
  let previous = ts.SyntaxKind.Unknown
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop()) kind = scanner.reScanTemplateToken(false)
    else if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_AN_OPERAND.has(previous)) kind = scanner.reScanSlashToken()

    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) braces.push(true)
    else if (kind === ts.SyntaxKind.OpenBraceToken) braces.push(false)

    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) found.push(commentText(scanner.getTokenText()))
    else if (kind !== ts.SyntaxKind.NewLineTrivia && kind !== ts.SyntaxKind.WhitespaceTrivia) previous = kind
  }
  return found
}

function commentText(token: string): string {
  if (token.startsWith('//')) return token.slice(2).trim()
  return token
    .slice(2, -2)
    .split('\n')
    .map(line => line.replace(/^\s*\*?\s?/, ''))
    .join('\n')
    .replace(/^\*/, '')
    .trim()
}

/** The comments of a shell script: its `#` lines, the `#!` line aside. */
export function shellComments(text: string): string[] {
  return text
    .split('\n')
    .filter(line => /^\s*#/.test(line) && !line.startsWith('#!'))
    .map(line => line.replace(/^\s*#\s?/, '').trim())
}
