import { describe, expect, it } from 'vitest'
import { page, repoText, section } from '../docs-text.js'

// PROTOCOL.md called what follows use in active mode "at most once", and the
// delivery guide's section kept the anchor #at-most-once, though a crash may
// deliver again up to half a window of used messages.
describe('what the docs call the delivery of a used message', () => {
  it('PROTOCOL.md does not call it at most once, and says what a crash repeats', () => {
    const protocol = repoText('packages/comm/PROTOCOL.md')
    expect(protocol).not.toMatch(/at most once\*\* after use/i)
    expect(protocol).toMatch(/\*\*After use\*\*[\s\S]*?half a window[\s\S]*?come again/)
  })

  it.each(['en', 'zh'] as const)('%s: the delivery guide names the section #after-use and keeps #at-most-once for old links', lang => {
    expect(section(lang, 'guide/delivery.md', 'after-use')).toContain('<span id="at-most-once"></span>')
    expect(page(lang, 'guide/delivery.md')).not.toContain('{#at-most-once}')
  })
})
