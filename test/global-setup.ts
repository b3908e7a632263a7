import { startSiteBuild } from './site-build.js'

/**
 * Builds the site once for every test that serves it, in the background:
 * tests that read only markdown or fork processes do not wait for it.
 */
export default function setup(): () => Promise<void> {
  return startSiteBuild()
}
