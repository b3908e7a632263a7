import comm from '../packages/comm/package.json'

/**
 * The repository every link of the site points into: "Edit this page", the
 * nav's GitHub link, the API's source links. It is the one the package's
 * metadata names (`git+https://….git` there), so the two cannot drift apart.
 */
export const repository = comm.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')

/** The branch the links show. */
const branch = 'main'

/** A file (or folder) of the repository, as a path from its root, on GitHub. */
export function repositoryFile(path: string): string {
  return `${repository}/blob/${branch}/${path}`
}

/** VitePress's `editLink.pattern`: `:path` is the page's path under `docs/`. */
export const editPattern = `${repository}/edit/${branch}/docs/:path`
