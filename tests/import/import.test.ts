// `gridcase import FILE` (issue 15): cases of an existing platform, one per NDJSON line with their history, written
// through the one command pipeline at their original times, into a real SQLite file. A bad line is named (line,
// field path, reason) and writes nothing; the good lines are imported; a second run imports nothing twice.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock, sqliteEventStore } from '@gridcase/adapters'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'
import { importedCaseId } from '../../packages/adapters/src/import/importer.js'
import { complaintLine, sampleLine, stepsOf } from '../support/importCases.js'

const NOW = '2026-06-01T00:00:00Z'
const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}
const runImport = async (args: readonly string[], tty = false): Promise<Run> => {
  let out = ''
  let err = ''
  const code = await runImportCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => ((err += s), true), isTTY: tty },
    clock: manualClock(NOW),
    env: {},
  })
  return { code, out, err }
}
const writeLines = (name: string, lines: readonly string[]): string => {
  const file = join(dir, name)
  writeFileSync(file, `${lines.join('\n')}\n`)
  return file
}
const counts = (db: string) => {
  const d = new Database(db, { readonly: true })
  try {
    const row = d.prepare<[], { events: number; streams: number }>('SELECT count(*) AS events, count(DISTINCT stream_id) AS streams FROM events').get()
    return { events: row?.events ?? 0, streams: row?.streams ?? 0 }
  } finally {
    d.close()
  }
}

// Ten bad lines, each bad in its own way; where they sit in the file, what the report must say of each.
const bad = (n: number): { text: string; path: string; reason: RegExp } => {
  const c = complaintLine(n)
  const steps = c.steps as Record<string, unknown>[]
  const step = (i: number, over: Record<string, unknown>) => ({ ...c, steps: steps.map((s, k) => (k === i ? { ...s, ...over } : s)) })
  const cases: Record<number, { line: unknown; path: string; reason: RegExp }> = {
    0: { line: '{"type":"complaint","id":', path: '(line)', reason: /not JSON/ },
    1: { line: (({ jurisdiction: _, ...rest }) => rest)(c), path: 'jurisdiction', reason: /jurisdiction/i },
    2: { line: { ...c, priority: 'high' }, path: 'priority', reason: /not a known field/ },
    3: { line: step(1, { at: '2026-02-30T09:00:00+08:00' }), path: 'steps[1].at', reason: /ISO 8601/ },
    // a result submitted on a case never dispatched
    4: { line: { ...c, steps: [steps[0], steps[1], steps[4], steps[5]] }, path: 'steps[2].command', reason: /invalid-transition/ },
    5: { line: step(0, { data: { ...(steps[0]?.data as object), colour: 'red' } }), path: 'steps[0].data.colour', reason: /not a known field/ },
    // a resident may not dispatch
    6: { line: step(2, { actor: { id: 'r-1', role: 'resident', jurisdiction: c.jurisdiction } }), path: 'steps[2].actor', reason: /not-found: resident r-1 may not read or act on this case/ },
    7: { line: step(3, { at: '2025-12-01T09:00:00+08:00' }), path: 'steps[3].at', reason: /before the step before it/ },
    8: { line: step(5, { at: '2027-01-01T09:00:00+08:00' }), path: 'steps[5].at', reason: /in the future/ },
    9: { line: step(1, { command: 'teleport' }), path: 'steps[1].command', reason: /expected one of/ },
  }
  const picked = cases[n % 10] as { line: unknown; path: string; reason: RegExp }
  return { text: typeof picked.line === 'string' ? picked.line : JSON.stringify(picked.line), path: picked.path, reason: picked.reason }
}

describe('gridcase import: 10,000 cases with 10 bad lines', () => {
  const TOTAL = 10_000
  // Bad lines spread through the file, each its own kind of badness (n % 10 picks it).
  const BAD = [10, 1_001, 2_002, 3_003, 4_004, 5_005, 6_006, 7_007, 8_008, 9_999]
  const db = join(dir, 'big.sqlite')
  let file = ''
  let expectedEvents = 0
  let first: Run

  beforeAll(async () => {
    const lines: string[] = []
    for (let n = 1; n <= TOTAL; n += 1) {
      if (BAD.includes(n)) lines.push(bad(n).text)
      else {
        const line = sampleLine(n)
        lines.push(JSON.stringify(line))
        // One event per step on the happy paths these lines take.
        expectedEvents += stepsOf(line)
      }
    }
    file = writeLines('10k.ndjson', lines)
    first = await runImport([file, '--db', db, '--json'])
  }, 300_000)

  it('imports every good line and names exactly the 10 bad ones (line, field path, reason); exit code 1', () => {
    const report = first.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    const faults = report.filter((r) => r.line !== undefined) as { line: number; path: string; reason: string }[]
    expect([...new Set(faults.map((f) => f.line))]).toEqual(BAD)
    for (const n of BAD) {
      const expected = bad(n)
      const mine = faults.filter((f) => f.line === n)
      expect(mine.map((f) => f.path), `line ${n}`).toContain(expected.path)
      expect(mine.find((f) => f.path === expected.path)?.reason, `line ${n}`).toMatch(expected.reason)
    }
    expect(report.at(-1)).toEqual({ summary: { lines: TOTAL, imported: TOTAL - 10, alreadyImported: 0, failed: 10, events: expectedEvents } })
    expect(first.code).toBe(1)
    expect(counts(db)).toEqual({ events: expectedEvents, streams: TOTAL - 10 })
  })

  it('writes nothing of a bad line, not even the steps before the bad one', async () => {
    const store = sqliteEventStore({ path: db, readonly: true })
    try {
      // Line 4,004 had create and accept, then a result on a case never dispatched: none of it is there.
      expect(await store.readStream(`complaint-${importedCaseId('complaint', 'HH12345-2026-004004', 'hohhot-12345')}`)).toEqual([])
      expect(await store.readStream(`complaint-${importedCaseId('complaint', 'HH12345-2026-004003', 'hohhot-12345')}`)).toHaveLength(6)
    } finally {
      await store.close()
    }
  })

  it('keeps the original times and actors: occurredAt is the step time, deadlines count from it', async () => {
    const store = sqliteEventStore({ path: db, readonly: true })
    try {
      const events = await store.readStream(`complaint-${importedCaseId('complaint', 'HH12345-2026-000001', 'hohhot-12345')}`)
      const line = complaintLine(1)
      const steps = line.steps as { at: string; actor: { id: string } }[]
      expect(events.map((e) => [e.type, e.metadata.occurredAt, e.metadata.actor.id])).toEqual([
        ['ComplaintRegistered', steps[0]?.at, 'op-7'],
        ['ComplaintAccepted', steps[1]?.at, 'op-7'],
        ['ComplaintDispatched', steps[2]?.at, 'op-7'],
        ['ComplaintAcknowledged', steps[3]?.at, 'gw-001'],
        ['ComplaintResultSubmitted', steps[4]?.at, 'gw-001'],
        ['ComplainantNotified', steps[5]?.at, 'op-7'],
      ])
      // Dispatched Tue 2026-01-06 10:00 (China time): 15 working days, the day itself not counted, end on
      // Tue 2026-01-27 (Jan 7–9, 12–16, 19–23, 26–27: 3 + 5 + 5 + 2 = 15); no holiday falls between.
      expect(events[2]?.data).toMatchObject({ resultBy: '2026-01-27T23:59:59+08:00' })
    } finally {
      await store.close()
    }
  })

  it('run again, imports nothing twice: every good line already imported, the same 10 named, the log unchanged', async () => {
    const before = counts(db)
    const again = await runImport([file, '--db', db, '--json'])
    const report = again.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(report.at(-1)).toEqual({ summary: { lines: TOTAL, imported: 0, alreadyImported: TOTAL - 10, failed: 10, events: 0 } })
    expect([...new Set(report.filter((r) => r.line !== undefined).map((r) => r.line))]).toEqual(BAD)
    expect(counts(db)).toEqual(before)
    expect(again.code).toBe(1)
  }, 300_000)

  it('shows progress on stderr as plain lines when stderr is not a terminal (a tenth at a time, then the end)', () => {
    const lines = first.err.trim().split('\n')
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('import: 1,000/10,000 lines (999 imported, 1 failed)')
    expect(lines.at(-1)).toBe('import: 10,000/10,000 lines (9,990 imported, 10 failed)')
  })
})

describe('gridcase import: a line imported before', () => {
  it('given a case imported with 4 steps, when the source sends it again with 6, then only the 2 new steps are written', async () => {
    const db = join(dir, 'resume.sqlite')
    const line = complaintLine(42)
    const short = { ...line, steps: (line.steps as unknown[]).slice(0, 4) }
    expect((await runImport([writeLines('short.ndjson', [JSON.stringify(short)]), '--db', db])).code).toBe(0)
    expect(counts(db).events).toBe(4)
    const more = await runImport([writeLines('long.ndjson', [JSON.stringify(line)]), '--db', db])
    expect(more.out).toContain('1 cases imported (2 events)')
    expect(counts(db).events).toBe(6)
  })

  it('given a case imported, when the source changed a step already imported, then the line fails at that step and nothing is written', async () => {
    const db = join(dir, 'changed.sqlite')
    const line = complaintLine(43)
    await runImport([writeLines('one.ndjson', [JSON.stringify(line)]), '--db', db])
    const steps = line.steps as Record<string, unknown>[]
    const changed = { ...line, steps: steps.map((s, i) => (i === 1 ? { ...s, data: { note: '改过' } } : s)) }
    const again = await runImport([writeLines('changed.ndjson', [JSON.stringify(changed)]), '--db', db])
    expect(again.code).toBe(1)
    expect(again.out).toMatch(/^line 1: steps\[1\]: case .* was imported before with another history from this step on/m)
    expect(counts(db).events).toBe(6)
  })

  it('a file that begins with a byte-order mark (saved by Excel) imports its first line; blank lines are skipped but counted', async () => {
    const db = join(dir, 'bom.sqlite')
    const file = join(dir, 'bom.ndjson')
    writeFileSync(file, `\uFEFF${JSON.stringify(complaintLine(45))}\n\n${JSON.stringify(complaintLine(46))}\n`)
    const run = await runImport([file, '--db', db])
    expect([run.code, run.out]).toEqual([0, '3 lines: 2 cases imported (12 events), 0 already imported, 0 failed\n'])
  })

  it('a line that is not valid UTF-8 fails, named by its number, rather than being imported with U+FFFD in place of its bytes', async () => {
    const db = join(dir, 'utf8.sqlite')
    const file = join(dir, 'utf8.ndjson')
    const line = JSON.stringify(complaintLine(48)).replace('"steps":', '"system":"abc\u0000def","steps":')
    const [head, tail] = line.split('\u0000') as [string, string]
    writeFileSync(file, Buffer.concat([Buffer.from(`${JSON.stringify(complaintLine(49))}\r\n`), Buffer.from(head), Buffer.from([0xff, 0xfe]), Buffer.from(`${tail}\r\n`)]))
    const run = await runImport([file, '--db', db])
    expect(run.out).toBe('line 2: (line): is not valid UTF-8\n2 lines: 1 cases imported (6 events), 0 already imported, 1 failed\n')
    expect(run.code).toBe(1)
  })

  it('seals personal data as the server does (on by default), in clear only with --seal-personal-data off', async () => {
    const clear = (db: string) => {
      const d = new Database(db, { readonly: true })
      try {
        return d.prepare<[], { data: string }>("SELECT data FROM events WHERE type = 'ComplaintRegistered'").all().map((r) => r.data.includes('13912345678'))
      } finally {
        d.close()
      }
    }
    const file = writeLines('seal.ndjson', [JSON.stringify(complaintLine(47))])
    await runImport([file, '--db', join(dir, 'sealed.sqlite')])
    await runImport([file, '--db', join(dir, 'clear.sqlite'), '--seal-personal-data', 'off'])
    expect([clear(join(dir, 'sealed.sqlite')), clear(join(dir, 'clear.sqlite'))]).toEqual([[false], [true]])
  })

  it('names a lone surrogate, a step `toString` and a line nested too deep, and goes on with the next line (before: the whole import stopped, exit 3, naming no line)', async () => {
    const c = complaintLine(49)
    const steps = c.steps as Record<string, unknown>[]
    const step = (i: number, over: Record<string, unknown>) => ({ ...c, steps: steps.map((s, k) => (k === i ? { ...s, ...over } : s)) })
    const actor = steps[1]?.['actor'] as Record<string, unknown>
    const file = writeLines('unencodable.ndjson', [
      JSON.stringify(step(1, { actor: { ...actor, id: 'op-\ud800' } })),
      JSON.stringify({ ...c, id: 'HH-\udc00' }),
      JSON.stringify(step(1, { command: 'toString' })),
      JSON.stringify(step(1, { data: { note: 'DEEP' } })).replace('"DEEP"', '['.repeat(20_000) + ']'.repeat(20_000)),
      JSON.stringify(complaintLine(50)),
    ])
    const db = join(dir, 'unencodable.sqlite')
    const run = await runImport([file, '--db', db])
    expect(run.out.split('\n').filter((l) => l.startsWith('line '))).toEqual([
      'line 1: steps[1].actor.id: contains text that is not valid Unicode (a lone surrogate)',
      'line 2: id: contains text that is not valid Unicode (a lone surrogate)',
      expect.stringMatching(/^line 3: steps\[1\]\.command: expected one of create, accept, /),
      'line 4: (line): is nested deeper than 35 levels',
    ])
    expect(run.out).toContain('5 lines: 1 cases imported')
    expect(run.code).toBe(1)
    expect(counts(db).streams).toBe(1)
  })

  it("refuses a step dated outside the calendar's years, 1900 to 2100 China time (a legacy export's null date as 0000-…), naming it; takes their edges", async () => {
    const c = complaintLine(47)
    const steps = c.steps as Record<string, unknown>[]
    const firstAt = (at: string, id: string) => JSON.stringify({ ...c, id, steps: steps.map((s, k) => (k === 0 ? { ...s, at } : s)) })
    const file = writeLines('years.ndjson', [
      firstAt('0000-01-06T09:00:00+08:00', 'Y-0000'),
      firstAt('1899-12-31T23:59:59+08:00', 'Y-1899'),
      // 1900-01-01 00:00 China time is still 1899-12-31 in UTC: the calendar's day is China's.
      firstAt('1900-01-01T00:00:00+08:00', 'Y-1900'),
      firstAt('2101-01-01T00:00:00+08:00', 'Y-2101'),
    ])
    const db = join(dir, 'years.sqlite')
    const run = await runImport([file, '--db', db])
    const expected = 'steps[0].at: expected an ISO 8601 timestamp with a zone, from 1900 to 2100 China time (the years the calendar counts deadlines in), e.g. 2026-03-01T09:30:00+08:00'
    expect(run.out.split('\n').filter((l) => l.startsWith('line '))).toEqual([`line 1: ${expected}`, `line 2: ${expected}`, `line 4: ${expected}`])
    expect(run.out).toContain('4 lines: 1 cases imported')
    expect(counts(db).streams).toBe(1)
  })

  it('reads PERSONAL_DATA_ENCRYPTION as the server does: empty is unset (on), a bad value is named as the variable', async () => {
    const file = writeLines('seal-env.ndjson', [JSON.stringify(complaintLine(48))])
    const withEnv = async (env: Record<string, string>, args: readonly string[] = []) => {
      let err = ''
      const code = await runImportCli([file, '--db', join(dir, `seal-env-${Object.values(env).join('')}.sqlite`), ...args], {
        stdout: { write: () => true },
        stderr: { write: (s: string) => ((err += s), true), isTTY: false },
        clock: manualClock(NOW),
        env,
      })
      return { code, err: err.split('\n')[0] }
    }
    expect((await withEnv({ PERSONAL_DATA_ENCRYPTION: '' })).code).toBe(0)
    expect(await withEnv({ PERSONAL_DATA_ENCRYPTION: 'false' })).toEqual({ code: 2, err: "gridcase import: PERSONAL_DATA_ENCRYPTION: expected on or off, got 'false'" })
    expect(await withEnv({ PERSONAL_DATA_ENCRYPTION: 'on' }, ['--seal-personal-data', 'yes'])).toEqual({ code: 2, err: "gridcase import: --seal-personal-data: expected on or off, got 'yes'" })
    // The 12345 dispatch deadline as the server reads it (GRIDCASE_DISPATCH_WITHIN): a bad value is named, nothing imported.
    const dispatch = await withEnv({ GRIDCASE_DISPATCH_WITHIN: 'normal=2d' })
    expect(dispatch.code).toBe(2)
    expect(dispatch.err).toMatch(/^gridcase import: GRIDCASE_DISPATCH_WITHIN: expected normal=<n>h/)
    expect((await withEnv({ GRIDCASE_DISPATCH_WITHIN: 'normal=3h' })).code).toBe(0)
  })

  it('counts the grid’s work as the server does: GRIDCASE_ON_THE_SPOT_CATEGORIES and GRIDCASE_ARRIVAL_WORKING_DAYS, a bad value named', async () => {
    const grid = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
    const street = 'hohhot/saihan/wulanchabu-east-road'
    // A patrol finding on heating resolved on the spot (现场办结): not one of the seed categories a grid settles itself.
    // Its source recorded no photo of the finding or of the result: imported as it was (a server registration is 400
    // without them; an import cannot add photos a record never had — docs/import.md).
    const onTheSpot = {
      system: 'hohhot-12345', type: 'complaint', id: 'HH-SPOT-1', jurisdiction: grid,
      steps: [{ command: 'create', at: '2026-03-02T10:00:00+08:00', actor: { id: 'gw-001', role: 'grid-worker', jurisdiction: grid },
        data: { channel: 'grid-visit', kind: 'help', category: 'heating', title: '楼道暖气漏水', description: '阀门松动', source: 'patrol', onTheSpot: { result: '已拧紧阀门' } } }],
    }
    // A case the street summons a department to (吹哨), Monday 2 March 2026 at 10:00: 报到 by the end of the days allowed.
    const officer = { id: 'so-1', role: 'street-officer', jurisdiction: street }
    const operator = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot' }
    const summoned = {
      system: 'hohhot-12345', type: 'complaint', id: 'HH-SUMMON-1', jurisdiction: grid,
      steps: [
        { command: 'create', at: '2026-03-02T08:00:00+08:00', actor: operator, data: { channel: 'hotline-12345', kind: 'complaint', category: 'water-supply', title: '停水三天', description: '小区停水' } },
        { command: 'accept', at: '2026-03-02T08:30:00+08:00', actor: operator, data: {} },
        { command: 'dispatch', at: '2026-03-02T09:00:00+08:00', actor: operator, data: { unit: { id: 'street-1', name: '街道', level: 'street', jurisdiction: street } } },
        { command: 'acknowledge', at: '2026-03-02T09:30:00+08:00', actor: officer, data: {} },
        { command: 'summon-departments', at: '2026-03-02T10:00:00+08:00', actor: officer,
          data: { departments: [{ id: 'saihan-water', name: '区水务局', level: 'district', jurisdiction: 'hohhot/saihan', department: 'water' }], reason: '需水务部门到场' } },
      ],
    }
    const file = writeLines('grid-env.ndjson', [JSON.stringify(onTheSpot), JSON.stringify(summoned)])
    const withEnv = async (name: string, env: Record<string, string>) => {
      let out = ''
      let err = ''
      const db = join(dir, `${name}.sqlite`)
      const code = await runImportCli([file, '--db', db], {
        stdout: { write: (t: string) => ((out += t), true) },
        stderr: { write: (t: string) => ((err += t), true), isTTY: false },
        clock: manualClock(NOW),
        env,
      })
      return { code, out, err: err.split('\n')[0], db }
    }
    const reportBy = (db: string): unknown => {
      const d = new Database(db, { readonly: true })
      try {
        const row = d.prepare<[], { data: string }>("SELECT data FROM events WHERE type = 'ComplaintDepartmentsSummoned'").get()
        return row === undefined ? undefined : (JSON.parse(row.data) as { reportBy?: string }).reportBy
      } finally {
        d.close()
      }
    }
    // As shipped: heating is not settled on the spot (that line fails, named), and 报到 is due in 2 working days (Wed 3-04).
    const shipped = await withEnv("grid-env-default", {})
    expect(shipped.out).toMatch(/line 1: .*on the spot/)
    expect(reportBy(shipped.db)).toBe('2026-03-04T23:59:59+08:00')
    // As a server configured otherwise counts them: heating on the spot; 报到 in 5 working days (Mon 3-09).
    const configured = await withEnv('grid-env-set', { GRIDCASE_ON_THE_SPOT_CATEGORIES: 'heating,parking', GRIDCASE_ARRIVAL_WORKING_DAYS: '5' })
    expect(configured.out).toContain('2 lines: 2 cases imported')
    expect(reportBy(configured.db)).toBe('2026-03-09T23:59:59+08:00')
    // A bad value is named, as the server names it, and nothing is imported.
    expect(await withEnv('grid-env-bad1', { GRIDCASE_ARRIVAL_WORKING_DAYS: '0' })).toMatchObject({ code: 2, err: 'gridcase import: GRIDCASE_ARRIVAL_WORKING_DAYS: expected a whole number from 1 to 30' })
    expect((await withEnv('grid-env-bad2', { GRIDCASE_ON_THE_SPOT_CATEGORIES: 'heating,pipes' })).err).toMatch(/^gridcase import: GRIDCASE_ON_THE_SPOT_CATEGORIES: expected category ids separated by commas \(or none\), each one of .*; not pipes$/)
  })

  it('a terminal gets a redrawn bar instead of lines; usage errors exit 2', async () => {
    const db = join(dir, 'tty.sqlite')
    const tty = await runImport([writeLines('tty.ndjson', [JSON.stringify(complaintLine(44))]), '--db', db], true)
    expect(tty.err).toMatch(/^\rimport \[#{30}\] 100% 1\/1 lines/m)
    expect((await runImport([])).code).toBe(2)
    expect((await runImport([join(dir, 'missing.ndjson')])).code).toBe(2)
  })
})

describe('the sample file of docs/import.md', () => {
  it('imports: two complaints and a dispute, every step', async () => {
    const db = join(dir, 'example.sqlite')
    const run = await runImport([join(import.meta.dirname, '../../examples/import/cases.ndjson'), '--db', db])
    expect(run.out).toBe('3 lines: 3 cases imported (17 events), 0 already imported, 0 failed\n')
    expect(run.code).toBe(0)
  })
})
