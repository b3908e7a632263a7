import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { root } from './docs-pages.js'

/**
 * Builds the site once for every browser test. A dead link fails the build,
 * so a run that gets past here has none.
 */
export default function setup(): void {
  execFileSync(process.execPath, [join(root, 'node_modules/vitepress/bin/vitepress.js'), 'build'], { cwd: root, stdio: 'pipe' })
}
