import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FileSystemTree } from '@webcontainer/api'
import type { WebContainerInstance, WebContainerModule } from '../src/webcontainer-runtime'

/**
 * A stand-in for `@webcontainer/api`, which cannot boot without StackBlitz's
 * servers. It keeps the real API's shape and rules: one booted instance at a
 * time, `mount` of a FileSystemTree, `spawn` returning a process whose
 * `output` is a terminal's (stdout and stderr of the process and its
 * descendants together, lines ending in \r\n), `exit` a Promise of the exit
 * code, and `kill()`, which ends that one process and not its descendants.
 * Underneath, files go to a temporary folder and `node` is this machine's
 * real Node.js, with only the environment it is given, as in a container.
 */
export function createFakeWebContainer(options: { bootDelay?: number; neverBoot?: boolean } = {}): WebContainerModule & { boots: number; dir(): string } {
  let booted: { dir: string } | undefined
  let boots = 0

  const instance = (dir: string): WebContainerInstance => ({
    async mount(tree) {
      writeTree(dir, tree)
    },
    async spawn(command, args, spawnOptions = {}) {
      const child = spawn(command === 'node' ? process.execPath : command, args, {
        cwd: dir,
        env: { PATH: process.env.PATH, ...spawnOptions.env },
        stdio: ['pipe', 'pipe', 'pipe'],
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
              .on('data', (text: string) => controller.enqueue(text.replace(/\r?\n/g, '\r\n')))
              .once('end', done)
          }
        },
      })
      // The real API resolves `exit` with a number, also for a killed process.
      const exit = new Promise<number>(resolve => child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
      return {
        output,
        exit,
        kill: () => {
          child.kill('SIGKILL')
        },
      }
    },
    fs: {
      async rm(path, rmOptions) {
        rmSync(join(dir, path), { force: rmOptions?.force ?? false, recursive: rmOptions?.recursive ?? false })
      },
    },
  })

  return {
    get boots() {
      return boots
    },
    dir: () => booted!.dir,
    WebContainer: {
      async boot(bootOptions) {
        boots++
        if (booted) throw new Error('Unable to create more instances')
        if (!['require-corp', 'credentialless', 'none'].includes(bootOptions.coep)) throw new Error(`Invalid coep: ${bootOptions.coep}`)
        if (options.neverBoot) return new Promise<never>(() => {})
        await new Promise(resolve => setTimeout(resolve, options.bootDelay ?? 0))
        booted = { dir: mkdtempSync(join(tmpdir(), 'fake-webcontainer-')) }
        return instance(booted.dir)
      },
    },
  }
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
