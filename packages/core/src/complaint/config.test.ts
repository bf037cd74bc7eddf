import { describe, expect, it } from 'vitest'
import { resolveConfig, seedPolicies } from './config.js'
import { normalPolicy, petitionPolicy, urgentPolicy, type DeadlinePolicy } from './deadlines.js'

// What `ComplaintConfig.policies` does with the seeds, as its doc comment and README ("Embedding the core") say: a map
// given replaces `seedPolicies`, so 涉法涉诉 keeps the 信访 policy only when the map spreads the seeds in.
describe('ComplaintConfig.policies', () => {
  const heatingUrgent: DeadlinePolicy = { ...urgentPolicy, name: 'heating-urgent', resultWithin: { unit: 'working-days', amount: 2 } }

  it('without a map: the seeds — law-related under the petition (信访) policy, the rest under the defaults', () => {
    const { policyFor } = resolveConfig({})
    expect(policyFor('law-related', 'normal')).toBe(petitionPolicy)
    expect(policyFor('law-related', 'urgent')).toBe(petitionPolicy)
    expect(policyFor('heating', 'urgent')).toBe(urgentPolicy)
  })

  it('a map given replaces the seeds: law-related falls to the defaults unless seedPolicies is spread in', () => {
    const only = resolveConfig({ policies: { heating: { urgent: heatingUrgent } } }).policyFor
    expect(only('heating', 'urgent')).toBe(heatingUrgent)
    expect(only('heating', 'normal')).toBe(normalPolicy)
    expect(only('law-related', 'normal')).toBe(normalPolicy)

    const spread = resolveConfig({ policies: { ...seedPolicies, heating: { urgent: heatingUrgent } } }).policyFor
    expect(spread('heating', 'urgent')).toBe(heatingUrgent)
    expect(spread('law-related', 'normal')).toBe(petitionPolicy)
  })
})
