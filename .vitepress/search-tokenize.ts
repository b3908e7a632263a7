/**
 * Splits text into search terms. MiniSearch splits on spaces and punctuation,
 * which leaves a Chinese sentence as one huge term; here every run of CJK
 * characters becomes its overlapping two-character terms (共享内存 → 共享,
 * 享内, 内存), so any word of two or more characters is found. Other text keeps
 * the default splitting.
 *
 * VitePress ships this function to the browser as source text, so it must not
 * use anything from outside its own body.
 */
export function tokenize(text: string): string[] {
  const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
  const runs = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g
  const terms: string[] = []
  for (const part of text.split(/[\s\p{P}]+/u)) {
    for (const run of part.match(runs) ?? []) {
      if (!cjk.test(run)) terms.push(run)
      else if (run.length === 1) terms.push(run)
      else for (let i = 0; i < run.length - 1; i++) terms.push(run.slice(i, i + 2))
    }
  }
  return terms
}
