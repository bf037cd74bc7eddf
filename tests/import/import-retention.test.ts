// Retention (保存期限, docs/erasure.md) of an imported case: a case the old platform closed ended then, not when it was
// imported. 个人信息保护法 art. 47(1)(ii): personal data is deleted when its retention period ends — counted from the
// close, an import of a case closed years ago must not start the period again.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { runErasureCli } from '../../packages/adapters/src/cli/erasure.js'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'
import { importedCaseId } from '../../packages/adapters/src/import/importer.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-retention-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
const operator = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot' }
const worker = { id: 'gw-017', role: 'grid-worker', jurisdiction: GRID }
// Closed on the old platform at 2026-11-05T10:05:00+08:00 (02:05Z); imported on 2026-12-07.
const closed = {
  system: 'hohhot-12345',
  type: 'complaint',
  id: 'HH12345-2026-110201',
  jurisdiction: GRID,
  steps: [
    { command: 'create', at: '2026-11-02T09:00:00+08:00', actor: operator, data: { channel: 'hotline-12345', kind: 'complaint', category: 'property', title: '楼道灯坏了', description: '3号楼2单元楼道灯坏了半个月', complainant: { name: '张伟', phone: '13912345678' } } },
    { command: 'accept', at: '2026-11-02T09:10:00+08:00', actor: operator },
    { command: 'dispatch', at: '2026-11-02T09:30:00+08:00', actor: operator, data: { unit: { id: 'grid-017', name: '第17网格', level: 'grid', jurisdiction: GRID } } },
    { command: 'acknowledge', at: '2026-11-02T10:00:00+08:00', actor: worker },
    { command: 'submit-result', at: '2026-11-04T16:00:00+08:00', actor: worker, data: { result: '已协调物业更换楼道灯', outcome: 'resolved' } },
    { command: 'notify-complainant', at: '2026-11-04T17:00:00+08:00', actor: operator, data: { method: 'phone' } },
    { command: 'record-callback', at: '2026-11-05T10:00:00+08:00', actor: operator, data: { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied' } },
    { command: 'close', at: '2026-11-05T10:05:00+08:00', actor: operator, data: { reason: '回访满意，办结' } },
  ],
}

describe('gridcase import, then erasure due: the retention of an imported case runs from its close at the source', () => {
  it('kept 30 days, a case closed 2026-11-05T10:05+08:00 is due from 2026-12-05T02:05:00Z — not 30 days after the import', async () => {
    const db = join(dir, 'g.sqlite')
    const file = join(dir, 'cases.ndjson')
    writeFileSync(file, `${JSON.stringify(closed)}\n`)
    let out = ''
    const code = await runImportCli([file, '--db', db], { stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true, isTTY: false }, clock: manualClock('2026-12-07T02:00:00Z'), env: {} })
    expect(out).toContain('1 cases imported')
    expect(code).toBe(0)
    const retention = join(dir, 'retention.json')
    writeFileSync(retention, JSON.stringify({ complaint: 30 }))
    const due = async (asOf: string) => {
      let text = ''
      const exit = await runErasureCli(['due', '--db', db, '--retention', retention, '--as-of', asOf, '--json'], (s) => (text += s), () => undefined, { now: () => asOf, user: 'it-officer' })
      expect(exit).toBe(0)
      return (JSON.parse(text) as { due: { streamId: string; closedAt: string; dueAt: string }[] }).due
    }
    const stream = `complaint-${importedCaseId('complaint', closed.id, closed.system)}`
    // 2026-11-05T02:05Z + 30 × 24 h = 2026-12-05T02:05Z (calendar days: a retention period is not a procedural one).
    expect(await due('2026-12-05T02:04:59.999Z')).toEqual([]) // a moment before
    expect(await due('2026-12-05T02:05:00.000Z')).toEqual([{ streamId: stream, category: 'property', closedAt: '2026-11-05T02:05:00.000Z', retentionDays: 30, dueAt: '2026-12-05T02:05:00.000Z', subjects: [`${stream}#complainant`] }])
    expect((await due('2026-12-08T00:00:00.000Z')).map((d) => d.streamId)).toEqual([stream]) // the day after the import
  })
})
