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
  const left: number[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const pid of left.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  // `npm start` runs the same command after `tsc -b`; it is not spawned here, so that no build runs under the other test
  // files (the last test holds its script to start:prod's command).
  it.each([['start:prod']])('npm run %s: the server drains and exits 0, nothing left running', async (script) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-npm-signal-'))
    dirs.push(dataDir)
    const npm = spawn('npm', ['run', '--silent', script, '--', '--demo'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'development', GRIDCASE_JWT_SECRET: '', GRIDCASE_OIDC_ISSUER: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    npm.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    npm.stderr.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')))
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)))
    // The server's own pid, from its `listening` log line (npm and the shell are other processes).
    const listening = () => /"pid":(\d+)[^\n]*"msg":"listening"/.exec(out)
    await until(() => listening() !== null, { state: () => out })
    const server = Number(listening()?.[1])
    left.push(server)
    expect(server).not.toBe(npm.pid)

    npm.kill('SIGTERM')
    const code = await exited
    // A drain of an idle server takes well under a second; 15 s bounds the wait for one that never got the signal.
    for (let waited = 0; alive(server) && waited < 15_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    expect(alive(server)).toBe(false)
    expect(code).toBe(0)
  }, 120_000)

  it('npm start runs the server as start:prod does, after its build', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(scripts['start:prod']).toMatch(/^exec node /)
    expect(scripts['start']).toBe(`tsc -b && ${scripts['start:prod'] ?? ''}`)
  })
})
