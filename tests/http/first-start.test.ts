// What a new user meets when starting the server: errors that name the file, a truthful seed, request logs
// with the full path after the "listening" line, and read models closed into their file.
import { readConfig, startGridcaseServer } from '@gridcase/http'
import { NOBODY, nobodyCanRunHere, runsAsRoot } from '../helpers/nobody.js'
import Database from 'better-sqlite3'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { spawnServer } from '../helpers/serverProcess.js'
import { until } from '../helpers/until.js'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-first-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A pino logger whose lines land in `lines`, parsed. */
const capturingLogger = () => {
  const lines: Record<string, unknown>[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>)
      done()
    },
  })
  return { lines, logger: pino({ level: 'info' }, sink) }
}

const start = (dataDir: string, options: { seed?: boolean; logger?: ReturnType<typeof capturingLogger>['logger'] } = {}) => {
  const config = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal' })
  if (config._tag === 'Left') throw new Error(config.left.message)
  return startGridcaseServer(config.right, { seed: options.seed ?? false, demo: true, logger: options.logger ?? pino({ level: 'silent' }) })
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

describe('starting the server', () => {
  // Root may write anywhere: as root, the server is started as nobody (65534), for whom these folders are not writable.
  const asNobody = runsAsRoot
  const user = asNobody ? NOBODY : {}
  // As root, only where nobody may run the server from this repository (see tests/helpers/nobody.ts).
  const cannotTest = asNobody && !nobodyCanRunHere()

  it.skipIf(cannotTest)('where it may not create its data directory: exits naming the directory and the reason', async () => {
    const parent = tempDir()
    const dataDir = join(parent, 'data')
    // Traversable, not writable, by the server's user.
    chmodSync(parent, asNobody ? 0o755 : 0o555)
    const server = spawnServer(['--demo'], { DATA_DIR: dataDir }, 'packages/http/src/bin/server.ts', user)
    expect(await server.exited).toBe(1)
    chmodSync(parent, 0o755)
    const { stderr, stdout } = server.output()
    expect(stdout).not.toMatch(/listening/)
    expect(stderr).toContain(`gridcase: could not start — cannot open the SQLite database ${join(dataDir, 'gridcase.sqlite')}`)
    expect(stderr).toContain(`the directory ${dataDir} does not exist and ${parent} is not writable (EACCES: permission denied`)
    expect(existsSync(dataDir)).toBe(false)
  }, 60_000)

  it.runIf(asNobody && !cannotTest)('on a read-only data directory of another user: exits naming the directory and the reason', async () => {
    const parent = tempDir()
    const dataDir = join(parent, 'data')
    mkdirSync(dataDir)
    chmodSync(parent, 0o755)
    chmodSync(dataDir, 0o555)
    chownSync(parent, NOBODY.uid, NOBODY.gid)
    const server = spawnServer(['--demo'], { DATA_DIR: dataDir }, 'packages/http/src/bin/server.ts', user)
    expect(await server.exited).toBe(1)
    const { stderr, stdout } = server.output()
    expect(stdout).not.toMatch(/listening/)
    expect(stderr).toContain(`gridcase: could not start — cannot open the SQLite database ${join(dataDir, 'gridcase.sqlite')}`)
    expect(stderr).toContain(`the directory ${dataDir} is not writable (EACCES: permission denied`)
  }, 60_000)

  it('logs "listening" before any request, and each request with its full path', async () => {
    const dataDir = tempDir()
    const port = await freePort()
    const server = spawnServer(['--demo'], { DATA_DIR: dataDir, PORT: String(port) })
    try {
      // Knock until the port answers: the first request arrives as early as it can.
      let first: Response | undefined
      while (first === undefined) {
        first = await fetch(`http://127.0.0.1:${port}/api/v1/complaints`).catch(() => undefined)
        if (server.child.exitCode !== null) throw new Error(server.output().stderr)
      }
      expect(first.status).toBe(401)
      await server.listening
      // The request's log line comes out at the log's next flush (LOG_FLUSH_MS), however late that is here.
      await until(() => server.output().stdout.includes('"msg":"request"'), { state: () => server.output().stdout })
      const lines = server.output().stdout.split('\n')
      const banner = lines.findIndex((l) => l.startsWith('gridcase listening on'))
      const listening = lines.findIndex((l) => l.includes('"msg":"listening"'))
      const request = lines.findIndex((l) => l.includes('"msg":"request"'))
      expect(request).toBeGreaterThan(banner)
      expect(listening).toBeGreaterThanOrEqual(0)
      expect(request).toBeGreaterThan(listening)
      expect(JSON.parse(lines[request] ?? '{}')).toMatchObject({ method: 'GET', path: '/api/v1/complaints', route: 'unmatched', status: 401 })
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('logs the full path of a request served by a mounted router, never its query', async () => {
    const { lines, logger } = capturingLogger()
    const running = await start(tempDir(), { logger })
    try {
      const token = running.demoTokens['hotline-operator'] ?? ''
      await fetch(`${running.url}/api/v1/complaints?state=registered`, { headers: { authorization: `Bearer ${token}` } })
      await fetch(`${running.url}/api/v1/complaints`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' })
    } finally {
      await running.close()
    }
    const requests = lines.filter((l) => l['msg'] === 'request')
    expect(requests.map((l) => [l['method'], l['path'], l['route'], l['status']])).toEqual([
      ['GET', '/api/v1/complaints', '/api/v1/complaints', 200],
      ['POST', '/api/v1/complaints', '/api/v1/complaints', 400],
    ])
  })

  it('--seed on a directory that already has the demo cases says so, and writes nothing', async () => {
    const dataDir = tempDir()
    const first = capturingLogger()
    await (await start(dataDir, { seed: true, logger: first.logger })).close()
    const seeded = first.lines.find((l) => l['cases'] !== undefined)
    expect(seeded).toMatchObject({ msg: `seeded the demo district: ${String(seeded?.['cases'])} cases`, alreadyThere: 0 })
    expect(seeded?.['cases']).toBeGreaterThan(0)

    const again = capturingLogger()
    const running = await start(dataDir, { seed: true, logger: again.logger })
    const events = (await running.store.readAll()).length
    await running.close()
    const reseeded = again.lines.find((l) => l['cases'] !== undefined)
    expect(reseeded).toMatchObject({ cases: 0, events: 0, alreadyThere: seeded?.['cases'] })
    expect(reseeded?.['msg']).toBe(`the demo district was already seeded (${String(seeded?.['cases'])} demo cases in the store): nothing written`)
    expect(again.lines.some((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('seeded the demo district'))).toBe(false)
    expect(events).toBeGreaterThan(0)
  }, 60_000)

  it('closes the read models into their file: no WAL left beside read-models.sqlite after a clean shutdown', async () => {
    const dataDir = tempDir()
    const running = await start(dataDir, { seed: true })
    await running.close()
    const file = join(dataDir, 'read-models.sqlite')
    expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0)
    // The file alone holds the read models (the case list, the dashboard totals, the attachment references) and
    // their checkpoints, and the processes' checkpoints beside them (the webhook outbox's feeder is one, the calendar-stale and calendar-rebase processes others).
    rmSync(`${file}-wal`, { force: true })
    rmSync(`${file}-shm`, { force: true })
    const db = new Database(file, { readonly: true })
    try {
      expect(db.prepare('SELECT name FROM checkpoints ORDER BY name').all()).toEqual([{ name: 'attachment-refs' }, { name: 'case-list' }, { name: 'dashboard-totals' }, { name: 'process:calendar-rebase' }, { name: 'process:calendar-stale' }, { name: 'process:complaint-referral' }, { name: 'process:mediation-outcome' }, { name: 'process:webhooks' }])
      expect((db.prepare('SELECT count(*) AS n FROM dashboard_cases').get() as { n: number }).n).toBeGreaterThan(0)
      expect((db.prepare('SELECT count(*) AS n FROM case_list').get() as { n: number }).n).toBeGreaterThan(0)
    } finally {
      db.close()
    }
  }, 60_000)
})
