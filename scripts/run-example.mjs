// Compiles one example of playground/examples (default: the seed page's
// "channels") into a temporary folder, runs it with node, and removes the
// folder again, however the run ends.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWorkspace, exampleNames, examplesDir, readSources } from '../playground/server/workspace.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const names = exampleNames()
const name = process.argv[2] ?? 'channels'
if (!names.includes(name)) {
  console.error(`Unknown example '${name}'. The examples are: ${names.join(', ')}.`)
  process.exit(1)
}

const workspace = createWorkspace({ sources: readSources(join(examplesDir, name)), packageDir: join(root, 'packages/comm'), prefix: `liteyuki-comm-${name}-` })
console.log(`Running the '${name}' example:\n`)
const child = spawn(process.execPath, [join(workspace.dir, 'main.js')], { stdio: 'inherit' })
// Ctrl+C reaches the example too, which ends as it decides; the folder goes once it has.
const forward = signal => child.kill(signal)
process.on('SIGINT', () => {})
process.on('SIGTERM', forward)
child.once('exit', (code, signal) => {
  workspace.remove()
  process.exitCode = code ?? (signal ? 1 : 0)
  process.off('SIGTERM', forward)
  process.removeAllListeners('SIGINT')
})
