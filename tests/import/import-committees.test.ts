// The mediation committees (docs/committees.md) in an import, as the server has them: GRIDCASE_COMMITTEES, else the
// demo district's file. A dispute the old ledger routed (分流) to a specialist committee is imported with its route, its
// committee's mediator assigned and acting; a mediator's committee comes from the file, never from the line (as the
// server drops a token's claim).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-committees-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const GRID = `${STREET}/xinhua-community/grid-017`
const worker = { id: 'gw-017', role: 'grid-worker', jurisdiction: GRID }
const street = { id: 'so-1', role: 'street-officer', jurisdiction: STREET }
// 王建军 sits on 赛罕区物业纠纷人民调解委员会 (saihan-property) in packages/adapters/jurisdictions/hohhot-saihan-committees.json.
const wang = { id: 'med-wang-jianjun', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan' }
const routedDispute = (id: string, mediator: { id: string; name: string }, sessionBy: Record<string, unknown>) => ({
  system: 'hohhot-mediation',
  type: 'dispute',
  id,
  jurisdiction: GRID,
  steps: [
    { command: 'create', at: '2026-11-05T09:00:00+08:00', actor: worker, data: { source: 'screening', category: 'property', parties: [{ side: 'applicant', name: '周杰', phone: '13611112222' }, { side: 'respondent', name: '某物业公司' }], summary: '物业费争议' } },
    { command: 'accept', at: '2026-11-05T10:00:00+08:00', actor: street },
    { command: 'route', at: '2026-11-05T11:00:00+08:00', actor: street, data: { committee: 'saihan-property', reason: '物业纠纷专业调解' } },
    { command: 'assign-mediator', at: '2026-11-05T11:30:00+08:00', actor: street, data: { track: 'people', mediator: { ...mediator, jurisdiction: 'hohhot/saihan' } } },
    { command: 'record-session', at: '2026-11-06T15:00:00+08:00', actor: sessionBy, data: { minutes: '双方到场，核对物业费账目' } },
  ],
})

const run = async (lines: readonly unknown[], env: Record<string, string>) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.ndjson`)
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
  let out = ''
  let err = ''
  const code = await runImportCli([file, '--db', join(dir, 'g.sqlite')], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => ((err += s), true), isTTY: false }, clock: manualClock('2026-12-07T02:00:00Z'), env })
  return { code, out: out.trim().split('\n'), err }
}

describe('gridcase import: mediation committees as the server configures them', () => {
  it("imports a dispute routed to the demo file's property committee, its mediator assigned and holding a session", async () => {
    const result = await run([routedDispute('TJ-2026-1105', { id: 'med-wang-jianjun', name: '王建军' }, wang)], {})
    expect(result.out).toEqual(['1 lines: 1 cases imported (5 events), 0 already imported, 0 failed'])
    expect(result.code).toBe(0)
  })

  it("refuses a mediator of another committee (苏和, the street's) on it, naming the field; and a line's own claim of a seat counts for nothing", async () => {
    const other = routedDispute('TJ-2026-1106', { id: 'med-su-he', name: '苏和' }, { id: 'med-su-he', role: 'mediator', track: 'people', jurisdiction: STREET })
    // Not on the committee, not assigned: claiming the seat in the line does not let this mediator act on the routed dispute.
    const claimed = { ...routedDispute('TJ-2026-1107', { id: 'med-wang-jianjun', name: '王建军' }, { id: 'pm-x', role: 'mediator', track: 'people', jurisdiction: 'hohhot/saihan', committee: 'saihan-property' }) }
    const result = await run([other, claimed], {})
    expect(result.out[0]).toMatch(/^line 1: steps\[3\]\.data\.mediator(\.id)?: /)
    expect(result.out[1]).toBe('line 2: steps[4].actor: not-found: mediator pm-x may not read or act on this case')
    expect(result.code).toBe(1)
  })

  it('reads GRIDCASE_COMMITTEES as the server does: a file that is not a registry is a usage error naming the variable, nothing imported', async () => {
    const bad = join(dir, 'committees.json')
    writeFileSync(bad, '{"format":"gridcase-committees/1","committees":[{"id":"x"}]}')
    const result = await run([routedDispute('TJ-2026-1108', { id: 'med-wang-jianjun', name: '王建军' }, wang)], { GRIDCASE_COMMITTEES: bad })
    expect(result.code).toBe(2)
    expect(result.err.split('\n')[0]).toMatch(/^gridcase import: GRIDCASE_COMMITTEES: /)
  })
})
