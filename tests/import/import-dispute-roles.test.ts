// Old ledgers against this session's dispute rules (docs/import.md: every step goes through the command pipeline as its
// original actor). An import records no step as "legacy": what the rules refuse today is refused in an imported line too,
// and the line says which step and which field — a historical ledger cannot invent the scan of a party's application.
// - A staff 申请强制执行 line with the court's name alone (no party, filedOn, scan): the line fails at the step's
//   data.party, data.filedOn and data.attachments, nothing of it written.
// - A dispute the old ledger had the 12345 operator accept (受理, the mediation organisation's: 人民调解法 arts. 17–18):
//   the line fails at that step's actor.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-dispute-roles-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/community-a/grid-001`
const worker = { id: 'gw-001', role: 'grid-worker', jurisdiction: GRID }
const street = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
const operator = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot' }
const mediator = { id: 'pm-1', role: 'mediator', track: 'people', jurisdiction: STREET }
const clerk = { id: 'cc-1', role: 'court-clerk', jurisdiction: 'hohhot/saihan' }
const wang = { id: 'r-wang', role: 'resident', jurisdiction: GRID }
const li = { id: 'r-li', role: 'resident', jurisdiction: GRID }

const created = (acceptedBy: Record<string, unknown>) => [
  {
    command: 'create',
    at: '2026-11-02T09:00:00+08:00',
    actor: worker,
    data: { source: 'screening', category: 'neighbour', summary: '楼上漏水', parties: [{ side: 'applicant', name: '王芳', residentId: wang.id }, { side: 'respondent', name: '李强', residentId: li.id }] },
  },
  { command: 'accept', at: '2026-11-02T10:00:00+08:00', actor: acceptedBy },
]
// Confirmed by the court, not performed; then the street officer records the application for enforcement with the court alone.
const enforced = {
  system: 'hohhot-mediation',
  type: 'dispute',
  id: 'TJ-2026-1102',
  jurisdiction: GRID,
  steps: [
    ...created(street),
    { command: 'assign-mediator', at: '2026-11-02T11:00:00+08:00', actor: street, data: { track: 'people', mediator: { id: 'pm-1', jurisdiction: STREET } } },
    { command: 'record-session', at: '2026-11-03T15:00:00+08:00', actor: mediator, data: { minutes: '双方陈述' } },
    { command: 'record-agreement', at: '2026-11-03T16:00:00+08:00', actor: mediator, data: { form: 'oral', terms: ['李强赔偿王芳 2000 元'], reachedOn: '2026-11-03' } },
    { command: 'consent-confirmation', at: '2026-11-04T09:00:00+08:00', actor: li },
    { command: 'apply-confirmation', at: '2026-11-04T10:00:00+08:00', actor: wang, data: { court: '赛罕区人民法院' } },
    { command: 'record-court-acceptance', at: '2026-11-05T10:00:00+08:00', actor: clerk, data: { decision: 'accepted', caseNumber: '(2026)蒙0105民特88号' } },
    { command: 'record-confirmation', at: '2026-11-10T10:00:00+08:00', actor: clerk, data: { outcome: 'confirmed', caseNumber: '(2026)蒙0105民特88号' } },
    { command: 'record-fulfilment', at: '2026-11-20T10:00:00+08:00', actor: mediator, data: { fulfilment: 'none' } },
    { command: 'apply-enforcement', at: '2026-11-25T10:00:00+08:00', actor: street, data: { court: '赛罕区人民法院' } },
  ],
}
const acceptedByHotline = { system: 'hohhot-mediation', type: 'dispute', id: 'TJ-2026-1103', jurisdiction: GRID, steps: created(operator) }

const run = async (lines: readonly unknown[]) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.ndjson`)
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
  let out = ''
  const code = await runImportCli([file, '--db', join(dir, 'g.sqlite')], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true, isTTY: false },
    clock: manualClock('2026-12-07T02:00:00Z'),
    env: {},
  })
  return { code, out: out.trim().split('\n') }
}

describe('gridcase import: dispute lines under the rules of who records what', () => {
  it('a staff apply-enforcement without party, filedOn and the scan fails at its line, naming the step and each field; nothing written', async () => {
    const result = await run([enforced])
    expect(result.out.slice(0, -1).map((l) => l.replace(/: (validation: )?(is required|expected).*$/, ''))).toEqual([
      'line 1: steps[10].data.party',
      'line 1: steps[10].data.filedOn',
      'line 1: steps[10].data.attachments',
    ])
    expect(result.out.at(-1)).toBe('1 lines: 0 cases imported (0 events), 0 already imported, 1 failed')
    expect(result.code).toBe(1)
  })

  it('the same line without that step imports (the rest of the history stands)', async () => {
    const result = await run([{ ...enforced, id: 'TJ-2026-1104', steps: enforced.steps.slice(0, -1) }])
    expect(result.out.at(-1)).toMatch(/^1 lines: 1 cases imported \(\d+ events\), 0 already imported, 0 failed$/)
  })

  it("a dispute the 12345 operator accepted fails at that step's actor", async () => {
    const result = await run([acceptedByHotline])
    expect(result.out[0]).toMatch(/^line 1: steps\[1\]\.actor: forbidden: /)
    expect(result.code).toBe(1)
  })
})
