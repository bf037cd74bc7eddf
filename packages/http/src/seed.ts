import { CREATE, execute, streamIdOf, type EventStore } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import * as E from 'fp-ts/lib/Either.js'
import type { Logger } from 'pino'
import type { CaseCollection } from './collection.js'
import type { AppClock, AppIds } from './context.js'
import { DEMO_COMMUNITY, DEMO_GRID, DEMO_STREET, demoActor } from './demo.js'

type Step = readonly [route: string, actor: Actor, data: Record<string, unknown>]

// Stands for the China date the seed runs on (an oral agreement is entered with the day it was reached).
const TODAY = '$today'
const withToday = (raw: Record<string, unknown>, today: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === TODAY ? today : v]))

const community = { id: 'xinhua-community', level: 'community', jurisdiction: DEMO_COMMUNITY, name: '新华社区' }
const grid = { id: 'grid-017', level: 'grid', jurisdiction: DEMO_GRID, name: '第17网格' }
const operator = demoActor('hotline-operator')
const worker = demoActor('community-worker')
const gridWorker = demoActor('grid-worker')
const street = demoActor('street-officer')
const mediator = demoActor('mediator')

const complaint = (title: string, category: string, phone: string, name: string) => ({
  channel: 'hotline-12345',
  kind: 'complaint',
  category,
  title,
  description: `${title}（市民来电）`,
  jurisdiction: DEMO_GRID,
  complainant: { name, phone },
})

const handled = (unit: typeof community | typeof grid, by: Actor, rating?: string): Step[] => [
  ['accept', operator, {}],
  ['dispatch', operator, { unit }],
  ['acknowledge', by, {}],
  ['submit-result', by, { result: '已现场处理并答复诉求人', outcome: 'resolved' }],
  ['notify-complainant', operator, { method: 'phone' }],
  ...(rating === undefined ? [] : ([['evaluate', operator, { rating }]] as Step[])),
]

const complaintScript: readonly { readonly create: Record<string, unknown>; readonly steps: readonly Step[] }[] = [
  { create: complaint('小区供暖温度不达标', 'heating', '13800471001', '李明'), steps: [] },
  { create: complaint('楼道堆放杂物占用消防通道', 'property', '13800471002', '张华'), steps: [['accept', operator, {}]] },
  { create: complaint('夜间施工噪音扰民', 'environment', '13800471003', '赵丽'), steps: [['accept', operator, {}], ['dispatch', operator, { unit: community }]] },
  { create: complaint('小区停车位被长期占用', 'parking', '13800471004', '王强'), steps: handled(grid, gridWorker).slice(0, 3) },
  { create: complaint('路灯损坏无人维修', 'other', '13800471005', '刘洋'), steps: handled(community, worker, 'satisfied') },
  { create: complaint('物业费收取不透明', 'property', '13800471006', '陈静'), steps: handled(community, worker, 'basically-satisfied') },
  { create: complaint('自来水水压不足', 'water-supply', '13800471007', '杨帆'), steps: handled(community, worker, 'unsatisfied') },
  { create: complaint('垃圾清运不及时', 'sanitation', '13800471008', '周敏'), steps: [['reject', operator, { reason: '重复诉求，已并案处理' }]] },
]

const dispute = (summary: string, category: string, applicant: string, respondent: string) => ({
  source: 'party-application',
  category,
  jurisdiction: DEMO_COMMUNITY,
  summary,
  parties: [
    { side: 'applicant', name: applicant, phone: '13900471001' },
    { side: 'respondent', name: respondent, phone: '13900471002' },
  ],
})
const mediatorRef = { id: mediator.id, jurisdiction: DEMO_STREET, name: '人民调解员' }

const disputeScript: readonly { readonly create: Record<string, unknown>; readonly steps: readonly Step[] }[] = [
  // 风险研判: a high risk goes to the street at once and onto the dashboard.
  { create: { ...dispute('楼上漏水致楼下房屋受损', 'neighbour', '孙伟', '钱进'), risk: { grade: 'high', reason: '双方多次争吵，一方扬言报复' } }, steps: [] },
  {
    create: { ...dispute('物业公司与业主就维修费用发生争议', 'property', '吴芳', '新华物业公司'), risk: { grade: 'medium', reason: '多名业主联名投诉' } },
    steps: [['accept', worker, {}]],
  },
  {
    create: dispute('宠物噪音邻里纠纷', 'neighbour', '郑洁', '冯涛'),
    steps: [['accept', worker, {}], ['assign-mediator', street, { track: 'people', mediator: mediatorRef }], ['record-session', mediator, { minutes: '双方陈述事实，初步达成共识' }]],
  },
  {
    create: dispute('装修噪音与作息冲突', 'neighbour', '何静', '韩雪'),
    steps: [
      ['accept', worker, {}],
      ['assign-mediator', street, { track: 'people', mediator: mediatorRef }],
      ['record-session', mediator, { minutes: '调解会议' }],
      ['record-agreement', mediator, { form: 'oral', terms: ['装修时间限定为工作日 9:00–18:00'], reachedOn: TODAY }],
    ],
  },
]

/** Writes demo cases for the demo district (`--seed`), skipping those already in the store; steps a case type refuses are logged and skipped. */
export const seedDemo = async (deps: {
  readonly store: EventStore
  readonly collections: readonly CaseCollection[]
  readonly clock: AppClock
  readonly ids: AppIds
  readonly logger: Logger
}): Promise<{ readonly cases: number; readonly events: number; readonly refused: number; readonly alreadyThere: number }> => {
  let alreadyThere = 0
  let cases = 0
  let events = 0
  let refused = 0
  const run = async (path: string, script: typeof complaintScript, opener: Actor) => {
    const collection = deps.collections.find((c) => c.path === path)
    if (collection === undefined) return
    const { caseType } = collection
    for (const [i, item] of script.entries()) {
      const id = deps.ids.stableId(`seed/${path}/${i}`)
      const streamId = streamIdOf(caseType, id)
      if ((await deps.store.streamVersion(streamId)) !== 'no-stream') {
        alreadyThere += 1
        continue
      }
      const steps: Step[] = [['', opener, { ...item.create, id }], ...item.steps]
      for (const [route, actor, raw] of steps) {
        // Through the one pipeline, as a client's command would go.
        const now = deps.clock.now()
        const outcome = await execute(deps.store, caseType, id, route === '' ? CREATE : route, withToday(raw, localDate(now)), { commandId: deps.ids.newId(), actor, at: now })
        if (E.isLeft(outcome)) {
          refused += 1
          deps.logger.warn({ path, case: i, route: route || 'create', error: outcome.left }, 'seed step refused')
          break
        }
        if (route === '') cases += 1
        events += outcome.right.events.length
      }
    }
  }
  await run('complaints', complaintScript, operator)
  await run('disputes', disputeScript, worker)
  return { cases, events, refused, alreadyThere }
}

/** What a seed did, in words that are true of it (a second `--seed` on the same data writes nothing). */
export const seedSummary = (seeded: { readonly cases: number; readonly alreadyThere: number; readonly refused: number }): string =>
  seeded.cases === 0 && seeded.alreadyThere > 0
    ? `the demo district was already seeded (${seeded.alreadyThere} demo cases in the store): nothing written`
    : seeded.alreadyThere > 0
      ? `seeded ${seeded.cases} demo cases; ${seeded.alreadyThere} were already in the store`
      : `seeded the demo district: ${seeded.cases} cases`
