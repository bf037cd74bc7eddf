// `gridcase evaluation` computes the units' 三率 itself (a replay of the log): it reads GRIDCASE_RATE_WEIGHTS as the
// server does (DOMAIN.md "Dashboards": partly solved × a weight, default 0; basically satisfied × a weight, default 1),
// weights the units' rates and scores with it and names it; a bad value is refused, named (exit 2).
import { runEvaluationCli } from '@gridcase/adapters'
import type { EventStore } from '@gridcase/core'
import { sealLog } from '@gridcase/core/audit'
import { describe, expect, it } from 'vitest'
import { RATE_WEIGHTS_UNIT, rateWeightsDrafts } from '../packages/core/src/projections/fixtures.js'

// Four complaints of grid-017 (core's projections/fixtures.ts, `rateWeightsDrafts`), by hand: called back 1 solved /
// satisfied, 1 partly / basically satisfied, 1 not solved / unsatisfied; 1 not reached, rated basically satisfied.
//   解决率 = (1 + 1 × partlySolved) / 3;  满意率 = (1 + 2 × basicallySatisfied) / 4
const log = sealLog(rateWeightsDrafts())
const store = { readAll: async ({ fromPosition = 0, limit = 1000 }: { fromPosition?: number; limit?: number }) => log.slice(fromPosition, fromPosition + limit), close: async () => undefined } as unknown as EventStore

const evaluation = async (env: Record<string, string>) => {
  let out = ''
  let err = ''
  const code = await runEvaluationCli(['--period', '2026-03', '--format', 'json', '--as-of', '2026-03-31T12:00:00+08:00'], env, {
    stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
    stderr: { write: (s: string) => (err += s) },
    openStore: () => store,
  })
  return { code, out, err }
}

interface Body { rateWeights: unknown; units: { unit: { id: string }; resolutionRate: number | null; satisfactionRate: number | null }[] }

describe('gridcase evaluation: GRIDCASE_RATE_WEIGHTS', () => {
  it('weights the units’ 三率 as configured and names the weights: (1 + 0.5) / 3 = 0.5 and (1 + 2 × 0.5) / 4 = 0.5', async () => {
    const { code, out } = await evaluation({ GRIDCASE_RATE_WEIGHTS: 'partlySolved=0.5,basicallySatisfied=0.5' })
    expect(code).toBe(0)
    const body = JSON.parse(out) as Body
    expect(body.rateWeights).toEqual({ partlySolved: 0.5, basicallySatisfied: 0.5 })
    expect(body.units.find((u) => u.unit.id === RATE_WEIGHTS_UNIT)).toMatchObject({ resolutionRate: 0.5, satisfactionRate: 0.5 })
  })

  it('keeps the defaults without it (or empty): 1/3 and 3/4', async () => {
    for (const env of [{}, { GRIDCASE_RATE_WEIGHTS: '' }] as Record<string, string>[]) {
      const { code, out } = await evaluation(env)
      expect(code).toBe(0)
      const body = JSON.parse(out) as Body
      expect(body.rateWeights).toEqual({ partlySolved: 0, basicallySatisfied: 1 })
      expect(body.units.find((u) => u.unit.id === RATE_WEIGHTS_UNIT)).toMatchObject({ resolutionRate: 1 / 3, satisfactionRate: 0.75 })
    }
  })

  it('refuses a bad value, naming the variable and the key (exit 2)', async () => {
    const bad = await evaluation({ GRIDCASE_RATE_WEIGHTS: 'partlySolved=2' })
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('GRIDCASE_RATE_WEIGHTS: "partlySolved=2": partlySolved must be a number from 0 to 1')
    const unknown = await evaluation({ GRIDCASE_RATE_WEIGHTS: 'speed=1' })
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('unknown key speed')
  })
})
