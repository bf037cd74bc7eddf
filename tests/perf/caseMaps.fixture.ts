// Run by v8-shapes.test.ts under node --allow-natives-syntax: the complaint workload through `execute` with stream
// memory, keeping each case's state after every command; prints, per command, how many cases (of the last 500) have
// the same V8 map (hidden class) as the case before them. A map shared by every case is what keeps the decider's
// property reads on the states monomorphic; a map per case sends each of them to the runtime. Then the same for
// disputes, folded by the decider: report, risk, accept, route, assign, session, then agreement, fulfilment,
// follow-up and close, or failure, litigation and close (every other case), counted within each way.
// Loads the built dist of @gridcase/core (run `npx tsc -b` first); the dispute fixtures come from the sources.
import { memoryEventStore } from '@gridcase/adapters'
import { execute, streamMemory } from '@gridcase/core'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { WORKLOAD, caseIdOf, metaOf } from '../../bench/complaintWorkload.js'
import { disputeDecider } from '../../packages/core/src/dispute/index.js'
import { actors, committees, command, GRID, parties } from '../../packages/core/src/dispute/fixtures.js'

// V8's own test of two objects' maps, reachable only with --allow-natives-syntax (and so only from compiled text).
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: unknown, b: unknown) => boolean

const CASES = Number(process.argv[2] ?? 1500)
const LAST = 500
const store = memoryEventStore()
const memory = streamMemory({ maxStreams: CASES })
const states: unknown[][] = WORKLOAD.map(() => [])
for (let i = 0; i < CASES; i += 1) {
  const caseId = caseIdOf('a', i)
  for (const [k, step] of WORKLOAD.entries()) {
    const outcome = await execute(store, complaint, caseId, step.route, step.data(caseId), metaOf(caseId, step), { memory })
    if (E.isLeft(outcome)) throw new Error(`${step.route} refused: ${outcome.left.message}`)
    states[k]?.push(outcome.right.state)
  }
}
const shared: Record<string, number> = {}
for (const [k, step] of WORKLOAD.entries()) {
  const xs = states[k] ?? []
  let same = 0
  for (let i = xs.length - LAST; i < xs.length; i += 1) if (haveSameMap(xs[i - 1], xs[i])) same += 1
  shared[step.route] = same
}

const decider = disputeDecider({ committees })
const START = Date.parse('2026-03-02T09:00:00+08:00')
const disputeStates: Record<string, unknown[]> = {}
for (let i = 0; i < 2 * CASES; i += 1) {
  const way = i % 2 === 0 ? 'agreed' : 'failed'
  const at = (n: number) => new Date(START + i * 60_000 + n * 3_600_000).toISOString().replace('Z', '+00:00')
  const today = new Date(START + i * 60_000 + 8 * 3_600_000 + 6 * 3_600_000).toISOString().slice(0, 10)
  const id = `d-${i}`
  const steps = [
    ['report', command('ReportDispute', actors.gridWorker, at(0), { id, source: 'screening', category: 'neighbour', jurisdiction: GRID, parties, summary: '邻里纠纷' })],
    ['risk', command('GradeRisk', actors.gridWorker, at(1), { grade: 'low', reason: '研判' })],
    ['accept', command('AcceptDispute', actors.communityWorker, at(2), {})],
    ['route', command('RouteToCommittee', actors.streetOfficer, at(3), { committee: 'xx-community-committee' })],
    ['assign', command('AssignMediator', actors.streetOfficer, at(4), { track: 'people', mediator: { id: 'pm-1', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' } })],
    ['session', command('RecordSession', actors.peopleMediator, at(5), { minutes: '调解记录' })],
    ...(way === 'agreed'
      ? [
          ['agree', command('RecordAgreement', actors.peopleMediator, at(6), { form: 'oral', terms: ['赔偿'], reachedOn: today })],
          ['fulfil', command('RecordFulfilment', actors.communityWorker, at(7), { fulfilment: 'full' })],
          ['follow-up', command('RecordFollowUp', actors.communityWorker, at(8), { note: '回访', satisfied: true })],
        ]
      : [
          ['fail', command('RecordFailure', actors.peopleMediator, at(6), { reason: '分歧大' })],
          ['litigation', command('ReferToLitigation', actors.streetOfficer, at(7), { reason: '起诉' })],
        ]),
    ['close', command('CloseDispute', actors.streetOfficer, at(9), {})],
  ] as const
  let state = decider.initialState
  for (const [name, c] of steps) {
    const d = decider.decide(c as never, state)
    if (E.isLeft(d)) throw new Error(`dispute ${name} refused: ${d.left.message}`)
    state = d.right.reduce(decider.evolve, state)
    ;(disputeStates[`${way}:${name}`] ??= []).push(state)
  }
}
const disputes: Record<string, number> = {}
for (const [key, xs] of Object.entries(disputeStates)) {
  let same = 0
  for (let i = xs.length - LAST; i < xs.length; i += 1) if (haveSameMap(xs[i - 1], xs[i])) same += 1
  disputes[key] = same
}
console.log(JSON.stringify({ of: LAST, shared, disputes }))
