// `npm start` and `npm run start:prod`, stopped as a service manager or a container runtime stops them: SIGTERM to npm's
// process (a container's pid 1, `docker stop`). npm passes the signal to the script's shell; the server must get it and
// stop as README says (drain, give its leases up, exit 0). Found by a newcomer: the scripts ran the server as a child of
// `sh -c` (Debian's dash does not exec a script's last command), the shell died of the signal and the server went on
// running, orphaned — still listening, still holding DATA_DIR — until something killed it without a drain.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { root } from '../helpers/serverProcess.js'
import { until } from '../helpers/until.js'

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('SIGTERM to npm stops the server it started', () => {
  // npm runs in a process group of its own (as a terminal's job or a container's pid 1), and whatever is left of that
  // group after a test is killed whole — found in review: a test that failed before the server's `listening` line (a
  // timeout) left npm and the server running, listening on a DATA_DIR the hook then removed.
  const groups: number[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const pgid of groups.splice(0)) {
      try {
        process.kill(-pgid, 'SIGKILL')
      } catch {
        // The group is gone: npm and the server exited.
      }
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  // `npm start` runs the same command after `tsc -b`; it is not spawned here, so that no build runs under the other test
  // files (the last test holds its script to start:prod's command).
  // SIGTERM to npm alone (docker stop, a service manager); SIGINT to npm's whole process group, as Ctrl-C in a terminal
  // sends it: the server gets it from the terminal and again from npm, drains once (a second signal while it stops is
  // ignored), and npm exits with its 0.
  it.each([
    ['start:prod', 'SIGTERM', 'npm'],
    ['start:prod', 'SIGINT', 'group'],
  ] as const)('npm run %s, %s to %s: the server drains and exits 0, nothing left running', async (script, signal, to) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-npm-signal-'))
    dirs.push(dataDir)
    const npm = spawn('npm', ['run', '--silent', script, '--', '--demo'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'development', GRIDCASE_JWT_SECRET: '', GRIDCASE_OIDC_ISSUER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const group = npm.pid
    if (group === undefined) throw new Error('npm did not start')
    groups.push(group)
    let out = ''
    npm.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    npm.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
    // The server's own pid, from its `listening` log line (npm and the shell are other processes).
    const listening = () => /"pid":(\d+)[^\n]*"msg":"listening"/.exec(out)
    await until(() => listening() !== null, { state: () => out })
    const server = Number(listening()?.[1])
    expect(server).not.toBe(npm.pid)

    if (to === 'npm') npm.kill(signal)
    else process.kill(-group, signal)
    // npm's own exit, bounded like the server's below: an npm that never exits fails here, not at the test's timeout.
    const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 15_000))])
    // A drain of an idle server takes well under a second; 15 s bounds the wait for one that never got the signal.
    for (let waited = 0; alive(server) && waited < 15_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(alive(server)).toBe(false)
    expect(code).toBe(0)
    expect(out).toContain(`gridcase: ${signal}, closing`)
    expect(out.split(', closing').length - 1).toBe(1)
  }, 120_000)

  it('npm start runs the server as start:prod does, after its build', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(scripts['start:prod']).toMatch(/^exec node /)
    expect(scripts['start']).toBe(`tsc -b && ${scripts['start:prod'] ?? ''}`)
  })
})
