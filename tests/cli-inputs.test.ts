// The CLI run as a child process, as an operator runs it: a mistyped path makes no file (a store or a data directory
// no server reads) unless --create says so, an import that imports nothing leaves no store behind, and a file written
// with --out is whole or not there — a killed `audit export --out` leaves the previous export as it was.
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sqliteEventStore } from '@gridcase/adapters'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HYPOTHETICAL_2027 } from '../packages/core/src/calendar/fixtures.js'
import { gridcaseBin } from './helpers/gridcaseBin.js'
import { complaintLine } from './support/importCases.js'
import { sampleDrafts } from './support/sampleLog.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'gridcase-cli-inputs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const gridcase = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(gridcaseBin()[0], [...gridcaseBin()[1], ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    )
  })

const badLines = (name: string): string => {
  const file = join(dir, name)
  writeFileSync(file, `${JSON.stringify({ ...complaintLine(1), priority: 'high' })}\n{"type":\n`)
  return file
}

describe('gridcase import: a store only where one was meant', () => {
  it('refuses a --db in a directory that does not exist (exit 2, naming --create) and makes nothing', async () => {
    const run = await gridcase('import', badLines('typo.ndjson'), '--db', join(dir, 'typo-dir', 'gridcase.sqlite'))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`no directory ${join(dir, 'typo-dir')} for the store`)
    expect(run.stderr).toContain('--create')
    expect(existsSync(join(dir, 'typo-dir'))).toBe(false)
  })

  it('leaves no store behind when every line failed, with or without --create', { timeout: 120_000 }, async () => {
    const plain = await gridcase('import', badLines('bad.ndjson'), '--db', join(dir, 'none.sqlite'))
    expect(plain.code).toBe(1)
    const created = await gridcase('import', badLines('bad2.ndjson'), '--db', join(dir, 'made', 'gridcase.sqlite'), '--create')
    expect(created.code).toBe(1)
    expect(readdirSync(dir).filter((f) => f.startsWith('none.sqlite'))).toEqual([])
    expect(readdirSync(join(dir, 'made'))).toEqual([])
  })

  it('with --create makes the directory and the store when a line is imported', async () => {
    const file = join(dir, 'good.ndjson')
    writeFileSync(file, `${JSON.stringify(complaintLine(2))}\n`)
    const db = join(dir, 'new', 'data', 'gridcase.sqlite')
    const run = await gridcase('import', file, '--db', db, '--create')
    expect([run.code, run.stdout]).toEqual([0, '1 lines: 1 cases imported (6 events), 0 already imported, 0 failed\n'])
    const store = sqliteEventStore({ path: db })
    expect(await store.readAll()).toHaveLength(6)
    await store.close()
  })
})

describe('gridcase calendar load: a data directory only where one was meant', () => {
  it('refuses a --data directory that does not exist (exit 2), and makes it only with --create', { timeout: 120_000 }, async () => {
    const notice = join(dir, '2027.csv')
    writeFileSync(notice, HYPOTHETICAL_2027)
    const typo = await gridcase('calendar', 'load', notice, '--data', join(dir, 'typo-data'))
    expect(typo.code).toBe(2)
    expect(typo.stdout).not.toContain('loaded')
    expect(typo.stderr).toContain(`no event store at ${join(dir, 'typo-data', 'gridcase.sqlite')} (give --create to make it)`)
    expect(existsSync(join(dir, 'typo-data'))).toBe(false)
    const created = await gridcase('calendar', 'load', notice, '--data', join(dir, 'data-made'), '--create')
    expect(created.code).toBe(0)
    // Recorded in the log a server started on that directory reads.
    expect(existsSync(join(dir, 'data-made', 'gridcase.sqlite'))).toBe(true)
    expect(created.stdout).toContain('recorded in the log at position 0')
  })
})

describe('gridcase audit export --out: whole or not at all', () => {
  const db = join(dir, 'log', 'gridcase.sqlite')
  beforeAll(async () => {
    mkdirSync(join(dir, 'log'))
    const store = sqliteEventStore({ path: db })
    for (const draft of sampleDrafts({ cases: 300, seed: 7 })) {
      const metadata = { commandId: `${draft.streamId}-${draft.at}`, correlationId: 'corr', causationId: 'corr', actor: draft.actor, occurredAt: draft.at }
      await store.appendToStream(draft.streamId, [{ type: draft.type, schemaVersion: 1, data: draft.data, metadata }], { expectedVersion: 'any' })
    }
    await store.close()
  })

  it('killed (SIGTERM) as soon as it starts writing, leaves the previous export as it was and no temporary file', async () => {
    const out = join(dir, 'exports', 'prev.ndjson')
    mkdirSync(join(dir, 'exports'))
    writeFileSync(out, 'the previous export\n')
    const [command, args] = gridcaseBin()
    const child = spawn(command, [...args, 'audit', 'export', '--format', 'ndjson', '--db', db, '--out', out], { cwd: root, stdio: 'ignore' })
    // The first change in the directory (the export's file opened) is when it is killed: mid-way, whatever the machine's speed.
    const watcher = watch(join(dir, 'exports'), () => {
      watcher.close()
      child.kill('SIGTERM')
    })
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])))
    watcher.close()
    expect(signal ?? code).toBe('SIGTERM')
    expect(readFileSync(out, 'utf8')).toBe('the previous export\n')
    expect(readdirSync(join(dir, 'exports'))).toEqual(['prev.ndjson'])
  })

  it('run to the end, replaces the previous export whole and leaves no temporary file', async () => {
    const out = join(dir, 'exports', 'prev.ndjson')
    const run = await gridcase('audit', 'export', '--format', 'ndjson', '--db', db, '--out', out)
    expect(run.code).toBe(0)
    const store = sqliteEventStore({ path: db })
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength((await store.readAll()).length)
    await store.close()
    expect(readdirSync(join(dir, 'exports'))).toEqual(['prev.ndjson'])
  })

  // Every command that writes a file (--out): audit export, evaluation. Before, `evaluation --out` in a folder that is not
  // there computed the whole evaluation, then failed on the raw ENOENT (exit 3), and an --out naming a folder on EISDIR.
  const writers = {
    'audit export': (out: string) => ['audit', 'export', '--format', 'ndjson', '--db', db, '--out', out],
    evaluation: (out: string) => ['evaluation', '--period', '2026-11', '--db', db, '--out', out],
  }
  it('an --out in a directory that does not exist fails and makes nothing, for every command that writes one', async () => {
    for (const [name, argv] of Object.entries(writers)) {
      const out = join(dir, 'no-such-dir', 'x.out')
      const run = await gridcase(...argv(out))
      // An input error naming the path (exit 2), as a mistyped --db is.
      expect(run.code, `${name}: ${run.stderr}`).toBe(2)
      expect(run.stderr, name).toContain(`--out ${out}: cannot write there (ENOENT)`)
      expect(existsSync(join(dir, 'no-such-dir')), name).toBe(false)
    }
  }, 60_000)
  it('an --out naming a folder is refused before anything is written, for every command that writes one', async () => {
    for (const [name, argv] of Object.entries(writers)) {
      const run = await gridcase(...argv(join(dir, 'exports')))
      expect(run.code, `${name}: ${run.stderr}`).toBe(2)
      expect(run.stderr, name).toContain(`--out ${join(dir, 'exports')} is a folder: give the path of the file to write`)
      expect(readdirSync(join(dir, 'exports')), name).toEqual(['prev.ndjson'])
    }
  }, 60_000)
  it('evaluation --out run to the end writes the file whole and leaves no temporary file', async () => {
    const out = join(dir, 'exports', 'evaluation.csv')
    const run = await gridcase(...writers.evaluation(out))
    expect(run.code, run.stderr).toBe(0)
    expect(readFileSync(out, 'utf8').split('\r\n')[0]).toContain('单位编号 unit id')
    expect(readdirSync(join(dir, 'exports')).sort()).toEqual(['evaluation.csv', 'prev.ndjson'])
  }, 60_000)
})

describe('--database-url', () => {
  it('one that is no postgres:// connection string is a usage error (exit 2) naming the flag, for every command that takes it (found in review: erasure due tried to reach a host "base")', async () => {
    for (const command of [['erasure', 'due'], ['audit', 'verify'], ['attachments', 'gc', '--dry-run']]) {
      const result = await gridcase(...command, '--database-url', 'not a url')
      expect(result.code, `${command.join(' ')}: ${result.stderr}`).toBe(2)
      expect(result.stderr).toContain('--database-url: expected a postgres:// or postgresql:// connection string')
    }
  }, 60_000)
})

/** The names of the tables and indexes a SQLite file holds (only read; a connection that may write removes the -shm and -wal it made as it closes). */
const schemaOf = async (path: string): Promise<string[]> => {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(path, { fileMustExist: true })
  try {
    return db.prepare<[], { name: string }>('SELECT name FROM sqlite_master ORDER BY name').all().map((r) => r.name)
  } finally {
    db.close()
  }
}

describe('gridcase processes: the read models a server keeps, never a new file', () => {
  // Before: "gridcase: no such table: dashboard_deadlines", exit 3, a new read-model file left behind (checkpoints,
  // leases and the webhook outbox, no read models), and the store left open.
  const db = join(dir, 'processes', 'gridcase.sqlite')
  beforeAll(async () => {
    mkdirSync(join(dir, 'processes'))
    await sqliteEventStore({ path: db }).close()
  })

  it('refuses a --read-model with no file (exit 2), naming the option and the path, and makes none', async () => {
    const typo = join(dir, 'processes', 'read-model.sqlite')
    const run = await gridcase('processes', '--db', db, '--read-model', typo)
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' })
    expect(run.stderr).toContain(`gridcase processes: --read-model: no read-model file at ${typo}`)
    expect(readdirSync(join(dir, 'processes')).sort()).toEqual(['gridcase.sqlite'])
  })

  it('refuses the default beside --db when no server has kept its read models there (exit 2), and makes none', async () => {
    const run = await gridcase('processes', '--db', db)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`gridcase processes: --read-model: no read-model file at ${join(dir, 'processes', 'read-models.sqlite')}`)
    expect(readdirSync(join(dir, 'processes')).sort()).toEqual(['gridcase.sqlite'])
  })

  it('refuses a --read-model that holds no read models — the log itself, a folder — (exit 2) and writes nothing into it', async () => {
    const before = await schemaOf(db)
    const log = await gridcase('processes', '--db', db, '--read-model', db)
    expect(log.code).toBe(2)
    expect(log.stderr).toContain(`gridcase processes: --read-model: ${db} holds no read models (no dashboard_deadlines table`)
    expect(await schemaOf(db)).toEqual(before)
    expect(readdirSync(join(dir, 'processes')).sort()).toEqual(['gridcase.sqlite'])
    const folder = await gridcase('processes', '--db', db, '--read-model', join(dir, 'processes'))
    expect(folder.code).toBe(2)
    expect(folder.stderr).toContain(`gridcase processes: --read-model: ${join(dir, 'processes')} is a folder, not a read-model file`)
  })
})

describe('gridcase attachments gc: the attachments directory a server keeps, never a new one', () => {
  // Before: a mistyped --dir was made (with an empty index.sqlite and tmp/), and the run said "0 named file(s) kept", exit 0.
  const db = join(dir, 'gc', 'gridcase.sqlite')
  beforeAll(async () => {
    mkdirSync(join(dir, 'gc'))
    await sqliteEventStore({ path: db }).close()
  })

  it('refuses a --dir with no directory, or the default beside --db when none is there (exit 2), naming the option and the path, and makes none', async () => {
    for (const dryRun of [['--dry-run'], []]) {
      const typo = join(dir, 'gc', 'attachmnets')
      const given = await gridcase('attachments', 'gc', '--db', db, '--dir', typo, ...dryRun)
      expect({ code: given.code, stdout: given.stdout }, given.stderr).toEqual({ code: 2, stdout: '' })
      expect(given.stderr).toContain(`gridcase attachments: --dir: no attachments directory at ${typo}`)
      const defaulted = await gridcase('attachments', 'gc', '--db', db, ...dryRun)
      expect(defaulted.code).toBe(2)
      expect(defaulted.stderr).toContain(`gridcase attachments: --dir: no attachments directory at ${join(dir, 'gc', 'attachments')}`)
      expect(readdirSync(join(dir, 'gc')).filter((f) => !f.startsWith('gridcase.sqlite'))).toEqual([])
    }
  })

  it('refuses a --dir that is no attachments directory (no index.sqlite: another folder) and writes nothing into it', async () => {
    const other = join(dir, 'gc', 'other')
    mkdirSync(other)
    writeFileSync(join(other, 'notes.txt'), 'kept')
    const run = await gridcase('attachments', 'gc', '--db', db, '--dir', other)
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(`gridcase attachments: --dir: ${other} holds no attachments (no index.sqlite`)
    expect(readdirSync(other)).toEqual(['notes.txt'])
    const file = await gridcase('attachments', 'gc', '--db', db, '--dir', join(other, 'notes.txt'))
    expect(file.code).toBe(2)
    expect(file.stderr).toContain(`gridcase attachments: --dir: ${join(other, 'notes.txt')} is a file, not an attachments directory`)
  })
})

describe('a --db naming a SQLite file that holds no log (a read-model file): refused, never written into', () => {
  // Before: erasure erase and processes created the log's tables in the server's read-model file (processes then ran
  // over that empty log, exit 0 when stopped; erase said "no case …"), and calendar load recorded the schedule in it.
  const folder = join(dir, 'not-a-log')
  const readModels = join(folder, 'read-models.sqlite')
  beforeAll(async () => {
    mkdirSync(folder)
    const log = join(folder, 'gridcase.sqlite')
    await sqliteEventStore({ path: log }).close()
    expect((await gridcase('audit', 'rebuild', '--db', log, '--read-model', readModels)).code).toBe(0)
  })

  it('processes, erasure due and erase, calendar load, import, evaluation, attachments gc: exit 2 naming the file, and no events table made in it', async () => {
    const notice = join(folder, '2027.csv')
    writeFileSync(notice, HYPOTHETICAL_2027)
    const runs = {
      processes: ['processes', '--db', readModels],
      'erasure due': ['erasure', 'due', '--db', readModels],
      'erasure erase': ['erasure', 'erase', 'complaint-none', '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1', '--db', readModels],
      'calendar load': ['calendar', 'load', notice, '--db', readModels],
      import: ['import', badLines('into-read-models.ndjson'), '--db', readModels],
      // Only read, but said as clearly (before: "no such table: events", exit 3).
      evaluation: ['evaluation', '--period', '2026-11', '--db', readModels],
      // … and before the attachments directory beside it is looked for (before: "--dir: no attachments directory").
      'attachments gc': ['attachments', 'gc', '--dry-run', '--db', readModels],
    }
    for (const [name, argv] of Object.entries(runs)) {
      const run = await gridcase(...argv)
      expect(run.code, `${name}: ${run.stderr}`).toBe(2)
      expect(run.stderr, name).toContain(`${readModels} holds no event log (no events table: a read-model file, or another SQLite database; give the log's file with --db)`)
      expect(await schemaOf(readModels), name).not.toContain('events')
    }
  }, 120_000)
})
