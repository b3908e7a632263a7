import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileSystemTree } from '@webcontainer/api'
import { createFakeWebContainer, type FakeMachine, type FakeWebContainer, type FakeWebContainerOptions } from './fake-webcontainer'

/**
 * The fake container's machine in Node.js: files go to a temporary folder,
 * and `node` is this machine's real Node.js, run with only the environment it
 * is given, as in a container.
 */
export function createNodeMachine(): FakeMachine & { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-webcontainer-'))
  return {
    dir,
    async mount(tree) {
      writeTree(dir, tree)
    },
    async rm(path, options) {
      rmSync(join(dir, path), { force: options?.force ?? false, recursive: options?.recursive ?? false })
    },
    async spawn(command, args, env) {
      const child = spawn(command === 'node' ? process.execPath : command, args, {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
        // Its own group, so that killing it leaves its descendants, as the real kill() does.
        detached: process.platform !== 'win32',
      })
      const output = new ReadableStream<string>({
        start(controller) {
          let open = 2
          const done = (): void => {
            if (--open === 0) controller.close()
          }
          for (const stream of [child.stdout!, child.stderr!]) {
            stream
              .setEncoding('utf8')
              .on('data', (text: string) => controller.enqueue(text))
              .once('end', done)
          }
        },
      })
      // The real API resolves `exit` with a number, also for a killed process.
      const exit = new Promise<number>(resolve => child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
      // A command that cannot start exits as a shell would have it: 127.
      child.once('error', () => child.emit('close', 127, null))
      return {
        output,
        exit,
        kill: () => {
          child.kill('SIGKILL')
        },
      }
    },
  }
}

/** The fake `@webcontainer/api` on this machine's Node.js, for the Node.js tests. */
export function createNodeFakeWebContainer(options: Omit<FakeWebContainerOptions, 'machine'> = {}): FakeWebContainer {
  return createFakeWebContainer({ ...options, machine: async () => createNodeMachine() })
}

function writeTree(dir: string, tree: FileSystemTree): void {
  mkdirSync(dir, { recursive: true })
  for (const [name, node] of Object.entries(tree)) {
    const path = join(dir, name)
    if ('directory' in node) writeTree(path, node.directory)
    else if ('file' in node && 'contents' in node.file) writeFileSync(path, node.file.contents)
    else if ('file' in node && 'symlink' in node.file) symlinkSync(node.file.symlink, path)
  }
}
