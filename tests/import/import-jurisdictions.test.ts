// A case of a place that does not exist: an export's typo (xinhua-comunity) was imported as a place of its own, and
// showed in the ranking beside the real ones with no name. With the deployment's registry (GRIDCASE_JURISDICTIONS, as
// the server and `gridcase evaluation` read it) a line whose jurisdiction the registry does not name, nor any place
// under it, fails at `jurisdiction`, naming it and the file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock } from '@gridcase/adapters'
import { DEMO_JURISDICTIONS_FILE } from '../../packages/adapters/src/jurisdictions/registryFile.js'
import { afterAll, describe, expect, it } from 'vitest'
import { runImportCli } from '../../packages/adapters/src/cli/import.js'

const dir = mkdtempSync(join(tmpdir(), 'gridcase-import-places-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const STREET = 'hohhot/saihan/wulanchabu-east-road'
const operator = { id: 'op-7', role: 'hotline-operator', jurisdiction: 'hohhot' }
const line = (id: string, jurisdiction: string) => ({
  system: 'hohhot-12345',
  type: 'complaint',
  id,
  jurisdiction,
  steps: [{ command: 'create', at: '2026-11-03T09:00:00+08:00', actor: operator, data: { channel: 'hotline-12345', kind: 'help', category: 'property', title: '电梯故障', description: '电梯停运三天' } }],
})

const run = async (name: string, env: Record<string, string>) => {
  const file = join(dir, `${name}.ndjson`)
  const lines = [
    line('A-1', `${STREET}/xinhua-community/grid-017`), // a grid the registry names
    line('A-2', `${STREET}/xinhua-comunity/grid-017`), // a typo
    line('A-3', `${STREET}/xinhua-community`), // a community it names
    line('A-4', 'hohhot'), // the city: a place with places under it
  ]
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
  let out = ''
  let err = ''
  const code = await runImportCli([file, '--db', join(dir, `${name}.sqlite`)], { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => ((err += s), true), isTTY: false }, clock: manualClock('2026-12-07T02:00:00Z'), env })
  return { code, out: out.trim().split('\n'), err }
}

describe('gridcase import: a case of a place the registry does not name', () => {
  it('with GRIDCASE_JURISDICTIONS, fails at jurisdiction naming the place and the registry; the places it names (or has places under) are imported', async () => {
    const result = await run('registry', { GRIDCASE_JURISDICTIONS: DEMO_JURISDICTIONS_FILE })
    expect(result.out).toEqual([
      `line 2: jurisdiction: no place ${STREET}/xinhua-comunity/grid-017 in the jurisdiction registry (GRIDCASE_JURISDICTIONS: ${DEMO_JURISDICTIONS_FILE}): a typo, or a place to add to the registry first`,
      '4 lines: 3 cases imported (3 events), 0 already imported, 1 failed',
    ])
    expect(result.code).toBe(1)
  })

  it('a registry file that is not one is a usage error naming the variable, nothing imported', async () => {
    const bad = join(dir, 'places.json')
    writeFileSync(bad, '{"format":"gridcase-jurisdictions/1","jurisdictions":[{"code":"hohhot/saihan","name":"赛罕区","level":"street"}]}')
    const result = await run('bad-registry', { GRIDCASE_JURISDICTIONS: bad })
    expect(result.code).toBe(2)
    expect(result.err.split('\n')[0]).toMatch(/^gridcase import: GRIDCASE_JURISDICTIONS: .*level/)
  })

  it('without GRIDCASE_JURISDICTIONS, places are not checked (the demo registry names no real deployment): every line imported', async () => {
    const result = await run('unchecked', {})
    expect(result.out).toEqual(['4 lines: 4 cases imported (4 events), 0 already imported, 0 failed'])
  })
})
