// The server as a user starts it: its bin in a child process, on a free port — built when `tsc -b` has built it since
// its sources last changed (`npm test` builds first), else from the sources through tsx.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtAfterSources } from './gridcaseBin.js'

export const root = fileURLToPath(new URL('../..', import.meta.url))

// The bins spawned here and what they are built to, with the packages they are made of. A server start through tsx
// took about 3.3–3.6 s of CPU, built 1.6–2.0 s (2026-12-07, load average 9, tsx's cache warm); the suites start it some
// twenty times, and the CLI a few.
const BUILT: Readonly<Record<string, { readonly js: string; readonly packages: readonly string[] }>> = {
  'packages/http/src/bin/server.ts': { js: 'packages/http/dist/bin/server.js', packages: ['core', 'adapters', 'http'] },
  'packages/adapters/src/cli/main.ts': { js: 'packages/adapters/dist/cli/main.js', packages: ['core', 'adapters'] },
}

/** Node's arguments that run `entry`: its built JS when fresh, else the source with tsx's loader. */
export const entryArgs = (entry: string): string[] => {
  const built = BUILT[entry]
  return built !== undefined && builtAfterSources(built.packages) ? [join(root, built.js)] : ['--import', 'tsx', join(root, entry)]
}

export interface ServerProcess {
  readonly child: ChildProcess
  /** Everything the process wrote so far, stdout and stderr apart. */
  readonly output: () => { readonly stdout: string; readonly stderr: string }
  /** Resolves with the URL from the "listening on" line, or rejects with the output when the process exits first. */
  readonly listening: Promise<string>
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>
  /** SIGTERM, then waits for the exit. */
  readonly stop: () => Promise<number | null>
}

/** Spawns `packages/http/src/bin/server.ts` (or its build: `entryArgs`) with `args` and `env` (PORT 0, HOST 127.0.0.1 unless given), as `user` when given. */
export const spawnServer = (
  args: readonly string[],
  env: Record<string, string>,
  entry = 'packages/http/src/bin/server.ts',
  user: { readonly uid?: number; readonly gid?: number } = {},
): ServerProcess => {
  // Node itself with tsx's loader, not tsx's command (which runs the server in a child process of its own): the child
  // here is the server, so a SIGKILL kills the server (a crash), not only a wrapper that leaves it running.
  const child = spawn(process.execPath, [...entryArgs(entry), ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', TSX_TSCONFIG_PATH: join(root, 'tsconfig.tests.json'), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  const listening = new Promise<string>((resolve, reject) => {
    const look = () => {
      const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1]
      if (url !== undefined) resolve(url)
    }
    child.stdout?.on('data', look)
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${stdout}\n${stderr}`)))
  })
  // Rejects for whoever awaits it; not an unhandled rejection for a test that expects the exit.
  listening.catch(() => undefined)
  return {
    child,
    output: () => ({ stdout, stderr }),
    listening,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
