/**
 * The playground pages, with or without the site's base and `.html`. They alone
 * are cross-origin isolated, which a document only gets from a full page load.
 */
const PLAYGROUND_PATH = /(?:^|\/)(?:zh\/)?playground(?:\.html)?$/

export function isPlaygroundPath(pathname: string): boolean {
  return PLAYGROUND_PATH.test(pathname)
}
