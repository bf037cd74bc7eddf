// Runs the auditor example on a log written by the integrator example, then on a copy altered behind
// the store's back: the intact log verifies, the altered one names its first broken link.
import type { Clock } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { execFile } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main as integrate } from '../integrator/main.js'
import { AuditInputError, main, type AuditorResult } from './main.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-auditor-'))
const log = join(dir, 'log.sqlite')
let streamId: string
/** README's and docs/tamper-evidence.md's online backup without the sqlite3 program, run from the server's folder. */
const NODE_BACKUP = `node -e "require('better-sqlite3')('data/gridcase.sqlite', { readonly: true }).backup('copy.sqlite')"`
let audit: AuditorResult

/** A clock an hour further on at every reading, so each event has its own moment. */
const ticking = (start: string): Clock => {
  let t = Date.parse(start)
  return { now: () => new Date((t += 3_600_000)).toISOString() }
}

beforeAll(async () => {
  const { caseId } = await integrate({ dbPath: log, clock: ticking('2026-03-02T00:00:00Z'), print: () => {} })
  streamId = `complaint-${caseId}`
  const first = await main({ dbPath: log, caseId: streamId, exportPath: join(dir, 'probe.ndjson'), print: () => {} })
  // As of version 2, and as of the moment of version 4: read from the history the auditor itself printed.
  const at4 = first.history.find((h) => h.version === 4)?.at ?? ''
  audit = await main({
    dbPath: log,
    caseId: streamId,
    asOf: [{ version: 2 }, { time: at4 }, { time: '2026-03-01T00:00:00Z' }],
    exportPath: join(dir, 'export.ndjson'),
    print: () => {},
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('examples/auditor', () => {
  it('finds the log intact and shows who did what to the case, with personal data masked', () => {
    expect(audit.verification.ok).toBe(true)
    expect(audit.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(audit.history.map((h) => h.actor.role)).toContain('grid-worker')
    // The integrator writes a sealed log (README, "Embedding the core"): the auditor reads the case's facts in clear and
    // its complainant's data sealed, never in clear.
    const registered = JSON.stringify(audit.history[0]?.data)
    expect(registered).toContain('"category":"heating"')
    expect(registered).toContain('sealed:v2:complainant')
    expect(registered).not.toContain('13912345678')
    expect(registered).not.toContain('暖气不热')
  })

  it('rebuilds the case as of a version and as of a time (and not at all before it existed)', () => {
    expect(audit.asOf.map((a) => [a.version, a.status])).toEqual([
      [2, 'dispatched'],
      [4, 'result-submitted'],
      ['no-stream', 'none'],
    ])
  })

  it('exports every event as NDJSON that verifies on its own', () => {
    const lines = readFileSync(join(dir, 'export.ndjson'), 'utf8').trim().split('\n')
    expect(audit.exported).toBe(audit.verification.events)
    expect(lines).toHaveLength(audit.exported)
    expect(audit.exportVerification.ok).toBe(true)
  })

  it('runs against a read-only (0444) copy of an older log and leaves it as it was', async () => {
    // A log written by a build before signed heads (schema 1): opened for writing, it would be migrated.
    const copy = join(dir, 'readonly.sqlite')
    copyFileSync(log, copy)
    const old = new Database(copy)
    old.exec('DROP TABLE tree_heads; DROP TABLE merkle_chunks; PRAGMA user_version = 1')
    old.close()
    chmodSync(copy, 0o444)
    const before = readFileSync(copy)
    const result = await main({ dbPath: copy, caseId: streamId, exportPath: join(dir, 'readonly.ndjson'), print: () => {} })
    expect(result.verification.ok).toBe(true)
    expect(result.history).toHaveLength(audit.history.length)
    expect(readFileSync(copy).equals(before)).toBe(true)
  })

  it('a copy taken as README says (SQLite’s online backup) while the server runs holds its newest commits; a cp of the file alone does not', async () => {
    // Found by a newcomer: `cp data/gridcase.sqlite` beside a running server, then this example on the copy — "hash chains
    // intact", then "no case" for the case just registered: it was in gridcase.sqlite-wal, which a cp of the file leaves out.
    const serverDir = join(dir, 'server')
    mkdirSync(join(serverDir, 'data'), { recursive: true })
    const live = join(serverDir, 'data', 'gridcase.sqlite')
    await integrate({ dbPath: live, print: () => {} })
    // Another connection holding the file open, as a running server does (a read maps the WAL index): no checkpoint at close.
    const server = new Database(live)
    try {
      server.prepare('SELECT count(*) FROM events').get()
      const { caseId: newest } = await integrate({ dbPath: live, print: () => {} })
      expect(existsSync(`${live}-wal`)).toBe(true)
      const copied = join(dir, 'copied.sqlite')
      copyFileSync(live, copied)
      await expect(main({ dbPath: copied, caseId: newest, exportPath: join(dir, 'copied.ndjson'), print: () => {} })).rejects.toThrow(AuditInputError)
      const backup = join(dir, 'backup.sqlite')
      await server.backup(backup) // what `sqlite3 data/gridcase.sqlite ".backup copy.sqlite"` does
      chmodSync(backup, 0o444)
      const result = await main({ dbPath: backup, caseId: newest, exportPath: join(dir, 'backup.ndjson'), print: () => {} })
      expect(result.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6])
      // Without the sqlite3 program (not in a minimal Debian install; found in review: docs/tamper-evidence.md named it
      // and not where it comes from), the same backup through the better-sqlite3 the project installs (a runtime
      // dependency: there after `npm ci --omit=dev` too), run as README writes it, from the server's folder.
      await new Promise<void>((resolve, reject) =>
        execFile('sh', ['-c', NODE_BACKUP], { cwd: serverDir, env: { ...process.env, NODE_PATH: fileURLToPath(new URL('../../node_modules', import.meta.url)) } }, (error) => (error === null ? resolve() : reject(error))),
      )
      const copied2 = join(serverDir, 'copy.sqlite')
      chmodSync(copied2, 0o444)
      const viaNode = await main({ dbPath: copied2, caseId: newest, exportPath: join(dir, 'node-backup.ndjson'), print: () => {} })
      expect(viaNode.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6])
    } finally {
      server.close()
    }
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
    expect(readme).toContain('sqlite3 data/gridcase.sqlite ".backup copy.sqlite"')
    const evidence = readFileSync(fileURLToPath(new URL('../../docs/tamper-evidence.md', import.meta.url)), 'utf8')
    for (const doc of [readme, evidence]) {
      expect(doc).toContain('apt-get install sqlite3')
      expect(doc).toContain(NODE_BACKUP)
    }
  })

  it('names the first broken link when an event was altered in the database', async () => {
    const altered = join(dir, 'altered.sqlite')
    copyFileSync(log, altered)
    const db = new Database(altered)
    db.prepare(`UPDATE events SET data = replace(data, '"category":"heating"', '"category":"parking"') WHERE stream_id = ? AND version = 0`).run(streamId)
    db.close()
    const result = await main({ dbPath: altered, caseId: streamId, exportPath: join(dir, 'altered.ndjson'), print: () => {} })
    expect(result.verification.ok).toBe(false)
    expect(result.verification.firstBrokenLink).toMatchObject({ streamId, version: 0, reason: 'hash-mismatch' })
    expect(result.exportVerification.ok).toBe(false)
  })
})

describe('examples/auditor, given a wrong path or id', () => {
  it('a mistyped --db is an error, and creates no empty database', async () => {
    const typo = join(dir, 'gridcsae.sqlite')
    await expect(main({ dbPath: typo, caseId: streamId, exportPath: join(dir, 'typo.ndjson'), print: () => {} })).rejects.toThrow(
      new AuditInputError(`no event log at ${typo}: give the path of an existing gridcase.sqlite`),
    )
    expect(existsSync(typo)).toBe(false)
  })

  it('takes the bare case id, as the API and the CLI do', async () => {
    const bare = streamId.replace(/^complaint-/, '')
    const result = await main({ dbPath: log, caseId: bare, exportPath: join(dir, 'bare.ndjson'), print: () => {} })
    expect(result.streamId).toBe(streamId)
    expect(result.history.map((h) => h.version)).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it('run by hand: a bad id is one line on stderr and exit 2, no stack trace; it writes only under its own directories', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const cwd = join(dir, 'cwd')
    const tmp = join(dir, 'tmp')
    mkdirSync(cwd)
    mkdirSync(tmp)
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          join(root, 'node_modules/.bin/tsx'),
          ['--tsconfig', join(root, 'tsconfig.tests.json'), join(root, 'examples/auditor/main.ts'), ...args],
          { cwd, env: { ...process.env, TMPDIR: tmp } },
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
        )
      })
    const bad = await run(log, 'not-a-case')
    expect(bad).toMatchObject({ code: 2, stderr: `auditor: no case not-a-case in ${log}\n` })
    const missing = await run(join(dir, 'nope.sqlite'), 'x')
    expect(missing.code).toBe(2)
    expect(missing.stderr).not.toMatch(/\n\s+at /)
    // A log without a case is a mistake (it audited the sample instead, and said ok); a file that is not a log, and an
    // export it cannot write, are one line naming the file (found in review: stack traces).
    expect(await run(log)).toMatchObject({ code: 2, stderr: expect.stringContaining(`give the case to look into after the log: main.ts ${log} <case id>`) })
    const garbage = join(dir, 'garbage.sqlite')
    writeFileSync(garbage, 'not a database '.repeat(500))
    const notLog = await run(garbage, 'x')
    expect(notLog.code).toBe(2)
    expect(notLog.stderr).toContain(`auditor: cannot read the event log ${garbage}`)
    expect(notLog.stderr).not.toMatch(/\n\s+at /)
    const unwritable = await run(log, streamId, join(dir, 'no-such-folder', 'x.ndjson'))
    expect(unwritable.code).toBe(2)
    expect(unwritable.stderr).toContain(`auditor: cannot write the export to ${join(dir, 'no-such-folder', 'x.ndjson')}`)
    expect(unwritable.stderr).not.toMatch(/\n\s+at /)
    // No arguments: the sample log and the export go under $TMPDIR/gridcase-examples, nothing in the directory it ran in.
    const sample = await run()
    expect(sample.code).toBe(0)
    expect(sample.stdout).toContain(`exported`)
    expect(readdirSync(cwd)).toEqual([])
    expect(readdirSync(join(tmp, 'gridcase-examples')).sort()).toEqual(expect.arrayContaining(['audit-export.ndjson', 'auditor-sample.sqlite']))
    // Six runs of the example through tsx, each compiling it afresh: past 60 s at load 12 (a CI run beside other suites).
  }, 180_000)
})
