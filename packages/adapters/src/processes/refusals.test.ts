import * as E from 'fp-ts/lib/Either.js'
import type Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execute, type CaseType, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import { dispute } from '@gridcase/core/dispute'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeRunnerFiles, openRunnerFiles } from '../../../../tests/support/runnerFiles.js'
import { failedUnder, fencesEachWrite, keepsRefusals, noter, staleHolderWritesNothing } from '../../../../tests/support/processRefusalCases.js'
import { manualClock } from '../clock.js'
import { sqliteReadModelFile, type ReadModelFile } from '../projections/sqliteFile.js'
import { sqliteCheckpoints } from '../sqlite/checkpoints.js'
import { sqliteHasTable } from '../sqlite/open.js'
import { sqliteProcessCheckpoints } from './definitions.js'
import { sqliteFenced, sqliteLeases } from './lease.js'
import { memoryProcessRefusals, sqliteProcessRefusals } from './refusals.js'
import { processRunner, type ProcessDefinition, type ProcessRunner } from './runner.js'

const GRID = 'hohhot/saihan/wulan-street/xx-community/grid-017'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const COMPLAINT_ID = '0b6f3f43-7c1e-4d5a-9a51-2f1e8f0c9d11'
const caseTypes = [complaint, dispute] as unknown as readonly CaseType[]

/** A complaint registered, with the complainant's phone; the position of its registration. */
const register = async (store: EventStore): Promise<number> => {
  const r = await execute(store, complaint, COMPLAINT_ID, 'create', {
    channel: 'hotline-12345', kind: 'complaint', category: 'property', urgency: 'normal', title: '物业费争议',
    description: '物业公司多收物业费', jurisdiction: GRID, complainant: { name: '王芳', phone: '13800138000' },
  }, { commandId: 'c-register', actor: operator, at: '2026-03-02T09:00:00+08:00' })
  if (E.isLeft(r)) throw new Error(r.left.message)
  return (await store.readAll({ fromPosition: 0 })).at(-1)?.position ?? -1
}

describe('refused process commands, kept (流程拒绝记录)', () => {
  it('in memory', () => keepsRefusals(memoryProcessRefusals, undefined))

  describe('beside the runner', () => {
    let files: ReturnType<typeof openRunnerFiles>
    const runners: ProcessRunner[] = []
    const reopened: ReadModelFile[] = []
    const clock = manualClock('2026-03-02T02:00:00Z')
    beforeEach(() => {
      files = openRunnerFiles('gridcase-refusals-')
      refused.length = 0
    })
    afterEach(async () => {
      for (const f of reopened.splice(0)) f.close()
      await closeRunnerFiles(files, runners)
    })
    const reopen = () => {
      const file = sqliteReadModelFile(join(files.dir, 'read-models.sqlite'))
      reopened.push(file)
      return sqliteProcessRefusals(file.db)
    }
    const refused: string[] = []
    const run = (process: ProcessDefinition, db = files.file.db, refusals = sqliteProcessRefusals(db), leaseMs?: number) => {
      const r = processRunner({
        store: files.store, caseTypes, processes: [process], clock, holder: 'server-a', ...(leaseMs === undefined ? {} : { leaseMs }),
        checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(db)), leases: sqliteLeases(db), refusals,
        onRefused: (_name, _event, _command, error) => refused.push(error.code), onError: () => undefined,
      })
      runners.push(r)
      r.start()
      return r
    }

    it('in the SQLite file, surviving a restart', () => keepsRefusals(() => sqliteProcessRefusals(files.file.db), async () => reopen()))

    it('a command the pipeline refuses for good is kept in the read-model file with its event, command and error, and is there after a restart', async () => {
      const at = await register(files.store)
      const r = run(noter(() => ''))
      await r.waitFor('noter', at)
      await r.stop()
      const [kept, ...more] = await reopen().list({ limit: 10 })
      expect(more).toEqual([])
      expect(kept).toMatchObject({
        process: 'noter', kind: 'refused', code: 'validation', attempts: 1, status: 'open', jurisdiction: GRID, firstAt: '2026-03-02T02:00:00.000Z',
        event: { streamId: `complaint-${COMPLAINT_ID}`, position: at, type: 'ComplaintRegistered' },
        command: { caseId: COMPLAINT_ID, command: 'add-note', data: { note: '' } },
      })
      expect(kept?.message).toMatch(/note/)
    })

    it('a refusal that cannot be kept holds the process at its event (handled again, kept once the store answers): never only a log line', async () => {
      const at = await register(files.store)
      const kept = sqliteProcessRefusals(files.file.db)
      let down = true
      let tries = 0
      const flaky = { ...kept, record: async (report: Parameters<typeof kept.record>[0]) => {
        tries += 1
        if (down) throw new Error('disk I/O error')
        return kept.record(report)
      } }
      const r = run(noter(() => ''), files.file.db, flaky)
      for (let i = 0; i < 200 && tries < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 20))
      // Before: the error was reported and the checkpoint moved past the refused command, kept nowhere.
      expect(tries).toBeGreaterThanOrEqual(2)
      expect(r.position('noter')).toBeLessThan(at)
      expect(await sqliteProcessCheckpoints(sqliteCheckpoints(files.file.db)).load('process:noter')).toBeUndefined()
      down = false
      await r.waitFor('noter', at)
      expect(await kept.list({ limit: 10 })).toMatchObject([{ kind: 'refused', code: 'validation', status: 'open', event: { position: at } }])
    })

    it('a refusal is scoped by the jurisdiction of the case its command addressed, not its actor’s (its actor’s for a case not there)', async () => {
      const at = await register(files.store)
      // The process acts as an actor of the whole city (a referral: the referring operator's), the complaint is in GRID.
      const r = run({ ...noter(() => '', 'add-note', undefined, COMPLAINT_ID, 'hohhot'), name: 'noter' })
      await r.waitFor('noter', at)
      await r.stop()
      const other = run({ ...noter(() => 'x', 'add-note', undefined, '7d3c2b1a-0000-4000-8000-000000000001', 'hohhot/xincheng'), name: 'noter-2' })
      await other.waitFor('noter-2', at)
      const kept = await sqliteProcessRefusals(files.file.db).list({ limit: 10 })
      expect(kept.map((k) => [k.process, k.code, k.jurisdiction])).toEqual([['noter', 'validation', GRID], ['noter-2', 'not-found', 'hohhot/xincheng']])
      // So read by the admin of the case's street, not by one of another district (the actor's).
      expect((await sqliteProcessRefusals(files.file.db).list({ limit: 10, scope: 'hohhot/saihan/wulan-street' })).map((k) => k.process)).toEqual(['noter'])
    })

    it('a refusal that means nothing to do any more (the case moved on: invalid-transition) is not kept', async () => {
      const at = await register(files.store)
      // A registered complaint cannot be reopened: invalid-transition.
      const r = run(noter(() => 'x', 'reopen', () => ({ reason: '居民称问题未解决' })))
      await r.waitFor('noter', at)
      expect(refused).toEqual(['invalid-transition'])
      expect(await sqliteProcessRefusals(files.file.db).list({ limit: 10 })).toEqual([])
    })

    it('a command refused because its subject was erased (nothing to do any more) is passed over, not kept, and not retried for ever', async () => {
      const at = await register(files.store)
      // The complaint's personal data erased: the pipeline refuses what would record more of it (as sealing refuses).
      const erased = {
        ...complaint,
        decider: { ...complaint.decider, decide: (c: { type: string }, s: unknown) => (c.type === 'AddNote' ? E.left({ code: 'personal-data-erased', message: 'the complainant was erased' }) : complaint.decider.decide(c as never, s as never)) },
      } as unknown as CaseType
      const r = processRunner({
        store: files.store, caseTypes: [erased], processes: [noter(() => '居民来电')], clock, holder: 'server-a',
        checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(files.file.db)), leases: sqliteLeases(files.file.db), refusals: sqliteProcessRefusals(files.file.db),
        onRefused: (_name, _event, _command, error) => refused.push(error.code), onError: () => undefined,
      })
      runners.push(r)
      r.start()
      // Before: thrown as a failure, the event handled again after each backoff and the process held there for ever.
      const passed = await Promise.race([r.waitFor('noter', at).then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 3000))])
      expect(passed).toBe(true)
      expect(refused).toEqual(['personal-data-erased'])
      expect(await sqliteProcessRefusals(files.file.db).list({ limit: 10 })).toEqual([])
    })

    it('a failure kept by one runner is resolved once a runner started after it handles the event (a restart; the lease moving)', async () => {
      const at = await register(files.store)
      let fail = true
      const flaky: ProcessDefinition = { name: 'noter', handles: ['ComplaintRegistered'], react: async () => { if (fail) throw new Error('the directory did not answer'); return E.right([]) } }
      const kept = sqliteProcessRefusals(files.file.db)
      const a = run(flaky)
      for (let i = 0; i < 200 && (await kept.list({ limit: 10 })).length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20))
      await a.stop()
      expect(await kept.list({ limit: 10 })).toMatchObject([{ kind: 'failed', status: 'open' }])
      fail = false
      // Before: only the runner that kept it knew it was failing (in memory): open for ever, the metric alerting for ever.
      await run(flaky).waitFor('noter', at)
      expect(await kept.list({ limit: 10 })).toMatchObject([{ kind: 'failed', status: 'resolved', resolved: { how: 'handled' } }])
      expect(await kept.open()).toBe(0)
    })

    for (const kind of ['refused', 'failed'] as const) {
      it(`a stale lease holder (stalled past its lease, taken over) keeps no ${kind} command and moves no checkpoint after the take-over, and stops (fencing)`, async () => {
        const at = await register(files.store)
        const db = files.file.db
        await staleHolderWritesNothing({
          at, clock, leases: sqliteLeases(db), refusals: sqliteProcessRefusals(db), checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(db)),
          run: (process) => run(process, db, sqliteProcessRefusals(db), 600_000),
        }, kind)
      })
    }

    it('a failure is kept with its attempts while the runner retries it, and resolved once the event is handled', async () => {
      const at = await register(files.store)
      let calls = 0
      const flaky: ProcessDefinition = {
        name: 'noter', handles: ['ComplaintRegistered'],
        react: async () => {
          calls += 1
          if (calls <= 2) throw new Error('the directory did not answer')
          return E.right([])
        },
      }
      const r = run(flaky)
      await r.waitFor('noter', at)
      const [kept] = await sqliteProcessRefusals(files.file.db).list({ limit: 10 })
      expect(kept).toMatchObject({ kind: 'failed', code: 'error', message: 'the directory did not answer', attempts: 2, status: 'resolved', resolved: { how: 'handled' } })
      expect(kept?.command).toBeUndefined()
    })
  })
})

// Each fenced write on its own (the runner's scenario above stops at its first one: the refusal kept), against the lease
// row kept beside it. Found in review: the checkpoint's and the settle's fences were not covered, the IMMEDIATE take of
// the write lock neither, and a file keeping no lease row refused every fenced write (leases kept elsewhere).
describe('the lease fence of a process runner’s writes (SQLite)', () => {
  const LEASE = 'process:noter'
  const files: ReadModelFile[] = []
  const dirs: string[] = []
  afterEach(() => {
    for (const f of files.splice(0)) f.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const opened = (path = ':memory:'): Database.Database => {
    const file = sqliteReadModelFile(path)
    files.push(file)
    return file.db
  }
  const homeIn = (db: Database.Database) => ({ leases: sqliteLeases(db), refusals: sqliteProcessRefusals(db), checkpoints: sqliteProcessCheckpoints(sqliteCheckpoints(db)) })

  it('each write (the checkpoint, a failure kept, failures settled) by the holder that lost the lease is refused and changes nothing; a lease the file keeps no row of refuses none', async () => {
    await fencesEachWrite(homeIn(opened()))
  })

  it('a file with no lease table at all (its leases kept in another file) takes the fenced writes unchecked', async () => {
    const db = opened()
    const fence = { lease: LEASE, holder: 'server-a' }
    const refusals = sqliteProcessRefusals(db)
    await refusals.record(failedUnder('server-a'), fence)
    expect(await refusals.list({ limit: 10 })).toMatchObject([{ status: 'open' }])
    const checkpoints = sqliteProcessCheckpoints(sqliteCheckpoints(db))
    await checkpoints.save(LEASE, 3, fence)
    expect(await checkpoints.load(LEASE)).toBe(3)
    expect(sqliteHasTable(db, 'process_leases')).toBe(false)
  })

  it('holds the write lock from the check to the write (IMMEDIATE): another connection cannot take the lease over in between', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridcase-fence-'))
    dirs.push(dir)
    const path = join(dir, 'read-models.sqlite')
    const db = opened(path)
    db.prepare('CREATE TABLE IF NOT EXISTS process_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL) STRICT').run()
    db.prepare('INSERT INTO process_leases (name, holder, expires_at) VALUES (?, ?, ?)').run(LEASE, 'server-a', 0)
    const second = opened(path)
    second.pragma('busy_timeout = 0')
    let tried = false
    sqliteFenced(db)({ lease: LEASE, holder: 'server-a' }, () => {
      // With a deferred transaction the check only read: the other connection's take-over would land here, between the
      // check and the write.
      expect(() => second.prepare("UPDATE process_leases SET holder = 'server-b' WHERE name = ?").run(LEASE)).toThrow(/locked|busy/i)
      tried = true
    })
    expect(tried).toBe(true)
    expect(second.prepare('SELECT holder FROM process_leases WHERE name = ?').pluck().get(LEASE)).toBe('server-a')
  })
})
