// A throwaway PostgreSQL 15 server for the tests: initdb into a temp directory, a random free port,
// its socket in that directory, fsync on (the crash tests rely on it). PostgreSQL refuses to run as
// root, so as root (CI) initdb and pg_ctl run as the `postgres` system user that Debian's package
// creates (scripts/ensure-postgres.sh installs it), through `runuser -u`. A watchdog process beside it stops it and
// removes its directory when the process that started it dies without `destroy()` (a test run killed by a signal).
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'

/** Where Debian puts PostgreSQL's server binaries: 15's, else the newest installed; PG_BIN overrides it. */
export const postgresBin = (): string => {
  if (process.env.PG_BIN !== undefined && process.env.PG_BIN !== '') return process.env.PG_BIN
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : []
  const chosen = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15'
  return `/usr/lib/postgresql/${chosen}/bin`
}

/** Why the server cannot start here, or undefined when it can. */
export const postgresMissing = (): string | undefined =>
  ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(postgresBin(), b)))
    ? undefined
    : `PostgreSQL 15 binaries not found in ${postgresBin()} (set PG_BIN, or run \`sh scripts/ensure-postgres.sh\` as root)`

export interface PostgresServer {
  /** postgres://… for the superuser `gridcase`, database `postgres`. */
  readonly url: string
  readonly port: number
  readonly dataDir: string
  /** pg_ctl stop: 'immediate' is a crash (no checkpoint; recovery replays the WAL at the next start). */
  stop(mode?: 'fast' | 'immediate'): void
  /** Starts it again on the same data directory and port. */
  start(): void
  /** Stops it (fast) and removes its directory. */
  destroy(): void
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

/** Who runs the server: ourselves, or as root the `postgres` system user. */
const serverUser = (): { readonly name?: string; readonly uid: number; readonly gid: number } => {
  if (process.getuid?.() !== 0) return { uid: userInfo().uid, gid: userInfo().gid }
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  try {
    return { name: 'postgres', uid: id('-u'), gid: id('-g') }
  } catch {
    // Binaries without Debian's package (PG_BIN): make the system user ourselves.
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'])
    return { name: 'postgres', uid: id('-u'), gid: id('-g') }
  }
}

/**
 * The watchdog, run as `node -e` (plain JavaScript: it must not need the test's loader): every 200 ms it asks whether
 * WATCHED_PID is still its parent (it is re-parented the moment its parent exits, even before that one is reaped:
 * this needs no /proc). Once not, it sends SIGQUIT (PostgreSQL's immediate shutdown) to the postmaster named by
 * `<data>/postmaster.pid`, read then (a test may have restarted the server; before the first start there is none),
 * waits for it to exit (a zombie counts as exited; where /proc/<pid>/stat cannot be read, a process that takes
 * signals counts as alive), SIGKILLs it after 20 s if /proc/<pid>/cmdline still names postgres (not a process that
 * has since taken its pid), and removes the directory.
 */
const WATCHDOG = `
const { readFileSync, rmSync } = require('node:fs')
const { join } = require('node:path')
const watched = Number(process.env.WATCHED_PID)
const dir = process.env.WATCHED_DIR
const alive = (pid) => {
  try { process.kill(pid, 0) } catch (error) { return error.code === 'EPERM' }
  try { return !/^\\d+ \\(.*\\) Z/.test(readFileSync('/proc/' + pid + '/stat', 'utf8')) } catch { return true }
}
const isPostgres = (pid) => {
  try { return readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('postgres') } catch { return false }
}
const postmaster = () => {
  try { return Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\\n')[0]) || undefined } catch { return undefined }
}
process.on('SIGTERM', () => process.exit(0))
const watch = setInterval(() => {
  if (process.ppid === watched) return
  clearInterval(watch)
  const pid = postmaster()
  if (pid !== undefined) try { process.kill(pid, 'SIGQUIT') } catch {}
  const until = Date.now() + 20000
  const wait = setInterval(() => {
    if (pid !== undefined && alive(pid)) {
      if (Date.now() < until) return
      if (isPostgres(pid)) try { process.kill(pid, 'SIGKILL') } catch {}
    }
    clearInterval(wait)
    rmSync(dir, { recursive: true, force: true })
  }, 50)
}, 200)
`

/**
 * Starts the watchdog of the server in `dir` for this process; its own process group, so a ^C to ours leaves it.
 * A watchdog that cannot be spawned is no reason to fail the tests: the server then only goes with `destroy()`.
 */
const startWatchdog = (dir: string): (() => void) => {
  const child = spawn(process.execPath, ['-e', WATCHDOG], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: process.env.PATH ?? '', WATCHED_PID: String(process.pid), WATCHED_DIR: dir },
  })
  child.on('error', () => {})
  child.unref()
  return () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  }
}

/** Starts a fresh server; resolves once it accepts connections. */
export const startPostgres = async (): Promise<PostgresServer> => {
  const missing = postgresMissing()
  if (missing !== undefined) throw new Error(missing)
  const user = serverUser()
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-pg-'))
  // At once: a run killed during initdb or the start leaves no server or directory behind either.
  const stopWatchdog = startWatchdog(dir)
  chownSync(dir, user.uid, user.gid)
  const dataDir = join(dir, 'data')
  const log = join(dir, 'server.log')
  const run = (binary: string, args: readonly string[]): void => {
    const command = user.name === undefined ? [join(postgresBin(), binary), ...args] : ['runuser', '-u', user.name, '--', join(postgresBin(), binary), ...args]
    const [file, ...rest] = command as [string, ...string[]]
    const result = spawnSync(file, rest, { encoding: 'utf8', cwd: dir })
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? spawnSync('tail', ['-n', '20', log], { encoding: 'utf8' }).stdout : ''
      throw new Error(`${binary} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}\n${serverLog}`)
    }
  }
  // --no-sync only skips initdb's own flush of a directory we throw away; the server runs with fsync on.
  run('initdb', ['-D', dataDir, '-U', 'gridcase', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'])
  let port = await freePort()
  const options = () =>
    [`-p ${port}`, `-k ${dir}`, "-c listen_addresses='127.0.0.1'", '-c fsync=on', '-c synchronous_commit=on', '-c max_connections=200'].join(' ')
  const start = (): void => run('pg_ctl', ['start', '-w', '-t', '30', '-D', dataDir, '-l', log, '-o', options()])
  const stop = (mode: 'fast' | 'immediate' = 'fast'): void => run('pg_ctl', ['stop', '-w', '-t', '30', '-D', dataDir, '-m', mode])
  try {
    start()
  } catch {
    // Another process took the port between the probe and the start: one more try on a new one.
    port = await freePort()
    start()
  }
  writeFileSync(join(dir, 'README'), 'A throwaway PostgreSQL started by the gridcase tests (tests/postgres/server.ts).\n')
  return {
    url: `postgres://gridcase@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop,
    start,
    destroy: () => {
      stopWatchdog()
      try {
        stop('fast')
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
