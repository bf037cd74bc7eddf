// The property both kept-rows suites state (tests/case-list-kept-rows, tests/dashboard-kept-rows): a SQLite read model
// that keeps what it wrote for its next pass, fed pages of the sample log together with another model as the server
// feeds them, some pages written by another connection to the same file and some rolled back by the other model's
// failing write or by its own, keeps the tables a fresh model per page keeps (every row read back from the table).
import { sqliteReadModelsTogether } from '@gridcase/adapters'
import type { RecordedEvent } from '@gridcase/core'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { sampleCaseLog } from './caseListRows.js'

type Fed = Parameters<typeof sqliteReadModelsTogether>[0][number]

export interface KeptModel {
  /** The model under test on a connection. */
  readonly model: (db: Database.Database) => Fed
  /** The model fed after it, whose table `failing` refuses a write on the pages the property rolls back. */
  readonly partner: (db: Database.Database) => Fed
  readonly failing: string
  /** The model's own table: a page whose write it refuses is then applied by another connection. */
  readonly own: string
  /** What is compared of a file: the model's own tables. */
  readonly tables: (db: Database.Database) => unknown
}

/** `apply` while `table` refuses every insert and update on `db` (a full disk, for that table): its failure is the point. */
const refusedBy = async (db: Database.Database, table: string, apply: () => Promise<unknown>): Promise<void> => {
  db.exec(`CREATE TRIGGER refuse_insert BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk full'); END;
           CREATE TRIGGER refuse_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
  try {
    await apply().catch(() => undefined)
  } finally {
    db.exec('DROP TRIGGER refuse_insert; DROP TRIGGER refuse_update')
  }
}

export const keptAcrossPasses = async ({ model, partner, failing, own, tables }: KeptModel): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-kept-'))
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom('mine', 'other', 'fail', 'lost'), { minLength: 1, maxLength: 6 }),
        async (cases, seed, sizes, whos) => {
          const log = await sampleCaseLog(cases, seed)
          const pages: RecordedEvent[][] = []
          for (let from = 0, i = 0; from < log.length; i += 1) {
            const end = from + (sizes[i % sizes.length] ?? 1)
            pages.push(log.slice(from, end))
            from = end
          }
          // Fresh per page: every row is read back from the table.
          const fresh = new Database(':memory:')
          for (const page of pages) await model(fresh).apply(page)
          const path = join(dir, `rm-${seed}-${cases}-${sizes.join('.')}-${whos.join('.')}.sqlite`)
          const mine = new Database(path)
          mine.pragma('journal_mode = WAL')
          const other = new Database(path)
          // Fed with the partner after it, as the server feeds them: a page the partner refuses rolls the model's rows
          // back after the model wrote them (what it kept of that page must not be used).
          const fed = sqliteReadModelsTogether([model(mine), partner(mine)])
          const otherModel = model(other)
          for (const [i, page] of pages.entries()) {
            const who = whos[i % whos.length]
            if (who === 'other') {
              await otherModel.apply(page)
              continue
            }
            if (who === 'lost') {
              // The model's own write refused (what it had pending of the pass before is never settled), and the page
              // written by another connection: only the file's data_version says the kept rows are old.
              await refusedBy(mine, own, () => fed.apply(page))
              await otherModel.apply(page)
              continue
            }
            if (who === 'fail') {
              // (a page that gives the partner nothing to write goes through)
              await refusedBy(mine, failing, () => fed.apply(page))
            }
            await fed.apply(page)
          }
          expect(tables(mine)).toEqual(tables(fresh))
          mine.close()
          other.close()
          fresh.close()
        },
      ),
      { numRuns: 25 },
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The property's 'lost' page, made certain (the property meets it in some runs only): the model applies a page, its own
 * write of the next page is refused, another connection writes that page, and the model applies the one after. A case of
 * all three pages must be read back, not taken from what the model kept after the first: only the file's data_version
 * says so (the checkpoint the model finds is the one the other connection moved to).
 */
export const lostPassNotTrusted = async ({ model, own, tables }: KeptModel): Promise<void> => {
  const log = await sampleCaseLog(4, 3)
  const counts = new Map<string, number>()
  for (const e of log) counts.set(e.streamId, (counts.get(e.streamId) ?? 0) + 1)
  const x = [...counts].find(([, n]) => n >= 4)?.[0]
  const at = log.flatMap((e, i) => (e.streamId === x ? [i + 1] : []))
  const [, second = 0, third = 0] = at
  const pages = [log.slice(0, second), log.slice(second, third), log.slice(third)]
  expect(pages.every((page) => page.length > 0)).toBe(true)
  const dir = mkdtempSync(join(tmpdir(), 'gridcase-kept-lost-'))
  try {
    const path = join(dir, 'rm.sqlite')
    const mine = new Database(path)
    mine.pragma('journal_mode = WAL')
    const other = new Database(path)
    const mineModel = model(mine)
    await mineModel.apply(pages[0] ?? [])
    await refusedBy(mine, own, () => mineModel.apply(pages[1] ?? []))
    await model(other).apply(pages[1] ?? [])
    await mineModel.apply(pages[2] ?? [])
    const fresh = new Database(':memory:')
    for (const page of pages) await model(fresh).apply(page)
    expect(tables(mine)).toEqual(tables(fresh))
    mine.close()
    other.close()
    fresh.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
