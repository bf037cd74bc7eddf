import { DEMO_JURISDICTIONS_FILE, readJurisdictionRegistry } from '@gridcase/adapters/embedded'
import { CREATE, execute, streamIdOf, type EventStore } from '@gridcase/core'
import type { Actor, Level } from '@gridcase/core/access'
import { localDate } from '@gridcase/core/calendar'
import { registryUnder, type JurisdictionEntry, type JurisdictionRegistry } from '@gridcase/core/projections'
import * as E from 'fp-ts/lib/Either.js'
import type { Logger } from 'pino'
import type { CaseCollection } from './collection.js'
import type { AppClock, AppIds } from './context.js'
import { DEMO_DISTRICT } from './demo.js'

/**
 * `--seed`: 90 days of demo history for the demo district (呼和浩特市赛罕区: four streets, their communities and
 * grids, from the shipped registry), so every panel of the page shows something: complaints on every channel and of
 * every kind, handled on time or late, some left open past a deadline (overdue), some returned (退单) and dispatched
 * again, merged, reopened (重办), referred to mediation, summoned departments (吹哨报到) rated by the street (以下评上),
 * called back (回访, reached or not), rated by the resident,
 * excluded after a 考评申诉 (and some applications rejected); disputes on every mediation track, agreed, failed,
 * transferred or still open. Deterministic: a seeded generator (mulberry32) picks everything, and times are offsets
 * from "now", so the same seed on the same day writes the same history. Every command goes through the one pipeline
 * (`execute`), stamped with the time it happened; commands are written in time order across all cases, and what
 * would happen after now is not written (a case opened yesterday is still being handled).
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** mulberry32: a small, fast, seedable generator; good enough to pick demo data, and the same everywhere. */
const prng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
type Rng = ReturnType<typeof prng>
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T
const chance = (rng: Rng, p: number): boolean => rng() < p

const CHANNELS = ['hotline-12345', 'hotline-12345', 'hotline-12345', 'message-board', 'mini-program', 'grid-visit', 'walk-in', 'contact-card'] as const
const KINDS = ['complaint', 'complaint', 'help', 'help', 'consultation', 'report', 'suggestion'] as const
const TOPICS: readonly (readonly [category: string, title: string])[] = [
  ['heating', '小区供暖温度不达标'],
  ['heating', '暖气片不热，室温低于18度'],
  ['property', '楼道堆放杂物占用消防通道'],
  ['property', '物业费收取不透明'],
  ['property', '电梯频繁故障无人维修'],
  ['environment', '夜间施工噪音扰民'],
  ['environment', '餐馆油烟直排'],
  ['sanitation', '垃圾清运不及时'],
  ['parking', '小区停车位被长期占用'],
  ['parking', '僵尸车占道'],
  ['water-supply', '自来水水压不足'],
  ['traffic', '路口信号灯故障'],
  ['elderly-care', '高龄津贴办理咨询'],
  ['housing', '老旧小区改造进度'],
  ['neighbourhood', '楼上漏水影响楼下'],
  ['law-related', '拖欠工资求助'],
  ['other', '路灯损坏无人维修'],
]
const DISPUTES: readonly (readonly [category: string, summary: string])[] = [
  ['neighbour', '楼上漏水致楼下房屋受损'],
  ['neighbour', '宠物噪音邻里纠纷'],
  ['property', '物业公司与业主就维修费用发生争议'],
  ['family', '赡养老人费用分担纠纷'],
  ['labour', '装修工人工资结算纠纷'],
  ['consumer', '预付卡退费纠纷'],
  ['medical', '诊所治疗费用争议'],
  ['campus', '学生课间受伤赔偿争议'],
]
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '孙', '郭']
const GIVEN = ['芳', '强', '伟', '娜', '敏', '静', '磊', '洋', '秀英', '建国', '丽', '军']
const TRACKS = ['people', 'people', 'people', 'administrative', 'administrative', 'judicial'] as const
/** 吹哨报到: district departments a street summons, and why. */
const DEPARTMENTS: readonly (readonly [id: string, name: string, department: string, why: string])[] = [
  ['saihan-housing-bureau', '赛罕区住建局', 'housing-bureau', '涉及供热管网和老旧小区设施，需住建局到场'],
  ['saihan-urban-management', '赛罕区城管局', 'urban-management', '涉及占道经营和违章搭建，需城管执法'],
  ['saihan-market-regulation', '赛罕区市场监管局', 'market-regulation', '涉及商户经营，需市场监管到场'],
]

type Step = readonly [at: number, route: string, actor: Actor, data: Record<string, unknown>]
interface Plan {
  readonly path: 'complaints' | 'disputes'
  readonly key: string
  readonly opener: Actor
  readonly openedAt: number
  readonly create: Record<string, unknown>
  readonly steps: readonly Step[]
}

interface District {
  readonly streets: readonly JurisdictionEntry[]
  readonly communities: readonly JurisdictionEntry[]
  readonly grids: readonly JurisdictionEntry[]
  readonly name: (code: string) => string
}

const districtOf = (registry: JurisdictionRegistry, district: string): District => {
  const under = registryUnder(registry, district)
  const at = (level: Level) => under.filter((e) => e.level === level)
  return { streets: at('street'), communities: at('community'), grids: at('grid'), name: (code) => registry.entries.get(code)?.name ?? code }
}

const parentCode = (code: string): string => code.split('/').slice(0, -1).join('/')

const operator: Actor = { id: 'seed-hotline-operator', role: 'hotline-operator', jurisdiction: 'hohhot' }
const supervisor: Actor = { id: 'seed-supervisor', role: 'supervisor', jurisdiction: DEMO_DISTRICT }
const officerOf = (code: string, level: Level): Actor => ({
  id: `seed-${level}-${code.split('/').at(-1) ?? code}`,
  role: level === 'grid' ? 'grid-worker' : level === 'community' ? 'community-worker' : 'street-officer',
  jurisdiction: code,
})

/** The plans of every demo case: what is created, and each later step with its time. Pure, from the seed and now. */
export const demoPlans = (now: number, options: { readonly days?: number; readonly seed?: number; readonly registry: JurisdictionRegistry }): Plan[] => {
  const days = options.days ?? 90
  const rng = prng(options.seed ?? 12345)
  const d = districtOf(options.registry, DEMO_DISTRICT)
  if (d.grids.length === 0) return []
  // China midnight of today (UTC+8), so cases open in office hours whatever time the seed runs.
  const today = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR
  const start = today - days * DAY
  const plans: Plan[] = []
  const unitFor = (code: string, level: Level) => ({ id: code, name: d.name(code), level, jurisdiction: code })
  const openedComplaints: { readonly key: string; readonly openedAt: number }[] = []

  // About four complaints and half a dispute a day, during office hours (China time 08:00–20:00).
  const complaints = Math.round(days * 4)
  for (let i = 0; i < complaints; i += 1) {
    // Any day of the period, today included, 08:00–20:00 China time (a case that would open after now is not written).
    const t0 = start + Math.floor(rng() * (days + 1)) * DAY + Math.floor((8 + rng() * 12) * HOUR)
    const grid = pick(rng, d.grids)
    const community = parentCode(grid.code)
    const street = parentCode(community)
    const [category, title] = pick(rng, TOPICS)
    const kind = pick(rng, KINDS)
    const channel = pick(rng, CHANNELS)
    const person = { name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`, phone: `139${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` }
    const key = `seed/complaints/${i}`
    // Registered by whoever receives the channel (core's REGISTERING_CHANNELS): the hotline its calls, the message board
    // and the app; the grid worker its rounds and its 民情联络卡; the community those who walk in.
    const opener = channel === 'grid-visit' || channel === 'contact-card' ? officerOf(grid.code, 'grid') : channel === 'walk-in' ? officerOf(community, 'community') : operator
    const create: Record<string, unknown> = {
      channel,
      kind,
      category,
      title,
      description: `${title}（${d.name(grid.code)}）`,
      jurisdiction: grid.code,
      ...(channel === 'grid-visit' ? {} : { complainant: person }),
      ...(chance(rng, 0.1) ? { urgency: 'urgent' } : {}),
    }
    const steps: Step[] = []
    let t = t0
    const at = (hours: number) => (t += Math.max(1, hours) * HOUR)
    // A consultation the operator answers at once; a few rejected (不予受理); a few merged into an earlier duplicate.
    if (kind === 'consultation' && chance(rng, 0.6) && opener === operator) {
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create: { ...create, answer: '已在电话中解答政策规定。' }, steps })
      continue
    }
    if (chance(rng, 0.04)) {
      steps.push([at(1), 'reject', operator, { reason: '不属于受理范围，已告知诉求人向有关部门反映' }])
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    // The primary of a duplicate: a complaint opened the days before in the same grid.
    const earlier = openedComplaints.find((c) => c.openedAt < t0 - HOUR && c.openedAt > t0 - 10 * DAY && c.key.endsWith(`#${grid.code}`))
    if (earlier !== undefined && chance(rng, 0.08)) {
      steps.push([at(1), 'merge', operator, { primaryId: earlier.key.split('#')[0], reason: '重复诉求，合并办理' }])
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    openedComplaints.push({ key: `${key}#${grid.code}`, openedAt: t0 })
    steps.push([at(0.5), 'accept', operator, {}])
    // The lead unit: the grid most often, then the community, then the street.
    const r = rng()
    let [unitCode, level]: [string, Level] = r < 0.5 ? [grid.code, 'grid'] : r < 0.85 ? [community, 'community'] : [street, 'street']
    steps.push([at(0.5), 'dispatch', operator, { unit: unitFor(unitCode, level) }])
    // Some are sent back (退单: mis-dispatched to the wrong community's grid) and dispatched again.
    if (chance(rng, 0.05)) {
      steps.push([at(2), 'acknowledge', officerOf(unitCode, level), {}])
      steps.push([at(1), 'return', officerOf(unitCode, level), { reason: '不属于本网格辖区，请重新派单' }])
      ;[unitCode, level] = [community, 'community']
      steps.push([at(2), 'dispatch', operator, { unit: unitFor(unitCode, level) }])
    }
    const handler = officerOf(unitCode, level)
    const fate = rng()
    // Left unacknowledged (overdue once its acknowledge deadline passes).
    if (fate < 0.03) {
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    // 签收: mostly within the day; one in ten late.
    steps.push([at(chance(rng, 0.9) ? 1 + rng() * 12 : 30 + rng() * 20), 'acknowledge', handler, {}])
    // Acknowledged but never finished (overdue once its result deadline passes), and urged by the supervisor.
    if (fate < 0.08) {
      steps.push([at(24 * (20 + rng() * 5)), 'urge', supervisor, { note: '请加快办理，尽快反馈' }])
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    // Referred to mediation (转调解): stays in the figures until its dispute concludes. Not a 举报: who reported stays confidential.
    if (fate < 0.12 && create['complainant'] !== undefined && kind !== 'report') {
      steps.push([
        at(24),
        'refer-to-mediation',
        handler,
        {
          disputeId: stableDisputeId(i),
          disputeCategory: 'neighbour',
          respondents: [{ name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`, phone: `138${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` }],
          summary: `${title}，双方协商未果，转人民调解`,
          reason: '属邻里矛盾，适合调解',
        },
      ])
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    // 吹哨报到: a street handling a case summons a district department about half the time; the department reports
    // (报到, mostly within its 2 working days) and does its part; the street rates its help after the result (以下评上).
    const summoned = level === 'street' && chance(rng, 0.5) ? pick(rng, DEPARTMENTS) : undefined
    const bureau = summoned === undefined ? undefined : { id: summoned[0], name: summoned[1], level: 'district' as const, jurisdiction: DEMO_DISTRICT, department: summoned[2] }
    const bureauOfficer: Actor | undefined = summoned === undefined ? undefined : { id: `seed-${summoned[2]}`, role: 'department-officer', jurisdiction: DEMO_DISTRICT, department: summoned[2] }
    if (bureau !== undefined && bureauOfficer !== undefined && summoned !== undefined) {
      steps.push([at(2), 'summon-departments', handler, { departments: [bureau], reason: summoned[3] }])
      steps.push([at(chance(rng, 0.85) ? 3 + rng() * 20 : 24 * (4 + rng() * 3)), 'report-arrival', bureauOfficer, { unitId: bureau.id, note: '已到场对接' }])
      steps.push([at(24 * (1 + rng() * 2)), 'report-department-part', bureauOfficer, { unitId: bureau.id, report: '已按职责完成处置' }])
    }
    // 办结: most within 1–10 days; some late (past the 15 working days).
    steps.push([at(chance(rng, 0.85) ? 24 * (1 + rng() * 9) : 24 * (24 + rng() * 8)), 'submit-result', handler, { result: '已现场核实并处理，答复诉求人', outcome: chance(rng, 0.85) ? 'resolved' : chance(rng, 0.5) ? 'explained' : 'unresolvable' }])
    if (bureau !== undefined) {
      const rating = pick(rng, ['satisfied', 'satisfied', 'satisfied', 'basically-satisfied', 'unsatisfied'] as const)
      steps.push([at(1), 'rate-department-help', handler, { unitId: bureau.id, rating, comment: rating === 'unsatisfied' ? '到场不及时，配合不够' : '到场及时，处置到位' }])
    }
    // A grid visit's case with no complainant left no number or account: told in person (the draw is made all the same,
    // so the rest of the seed stays as it was).
    const method = pick(rng, ['phone', 'sms', 'app'] as const)
    steps.push([at(2), 'notify-complainant', operator, { method: create['complainant'] === undefined ? 'in-person' : method }])
    if (create['complainant'] === undefined) {
      plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
      continue
    }
    // 一事一评 in the app, sometimes.
    if (chance(rng, 0.3)) steps.push([at(3), 'evaluate', operator, { rating: pick(rng, ['satisfied', 'satisfied', 'satisfied', 'basically-satisfied', 'unsatisfied'] as const) }])
    // 回访: reached and answered mostly; some not reached or declined.
    const reach = rng()
    let unhappy = false
    if (reach < 0.1) steps.push([at(24), 'record-callback', operator, { reached: false }])
    else if (reach < 0.14) steps.push([at(24), 'record-callback', operator, { reached: true, declined: true }])
    else {
      const solved = pick(rng, ['solved', 'solved', 'solved', 'solved', 'solved', 'solved', 'partly', 'partly', 'not-solved'] as const)
      const satisfaction = solved === 'not-solved' ? 'unsatisfied' : pick(rng, ['satisfied', 'satisfied', 'satisfied', 'satisfied', 'basically-satisfied', 'basically-satisfied', 'unsatisfied'] as const)
      steps.push([at(24), 'record-callback', operator, { reached: true, contacted: chance(rng, 0.9), solved, satisfaction }])
      unhappy = satisfaction === 'unsatisfied'
    }
    // 重办 after an unsatisfied callback: the same unit handles it again.
    if (unhappy && chance(rng, 0.6)) {
      steps.push([at(4), 'reopen', operator, { reason: '回访不满意，重新办理' }])
      steps.push([at(3), 'acknowledge', handler, {}])
      steps.push([at(24 * (1 + rng() * 4)), 'submit-result', handler, { result: '再次上门处理，问题已解决', outcome: 'resolved' }])
      steps.push([at(2), 'notify-complainant', operator, { method: 'phone' }])
    } else if (chance(rng, 0.05)) {
      // 考评申诉: the unit applies to exclude the case; the supervisor approves most.
      steps.push([at(24), 'apply-exclusion', handler, { ground: pick(rng, ['unreasonable-demand', 'mis-dispatch', 'duplicate'] as const), reason: '诉求超出政策规定范围，已多次解释' }])
      const approved = chance(rng, 0.75)
      steps.push([at(48), 'decide-exclusion', supervisor, { approved, reason: approved ? '经核实属实，予以核减' : '理由不充分，不予核减' }])
    }
    plans.push({ path: 'complaints', key, opener, openedAt: t0, create, steps })
  }

  const disputes = Math.round(days / 2)
  for (let i = 0; i < disputes; i += 1) {
    const t0 = start + Math.floor(rng() * days) * DAY + Math.floor((8 + rng() * 10) * HOUR)
    const community = pick(rng, d.communities)
    const street = parentCode(community.code)
    const [category, summary] = pick(rng, DISPUTES)
    const worker = officerOf(community.code, 'community')
    const streetOfficer = officerOf(street, 'street')
    const track = pick(rng, TRACKS)
    const mediator: Actor = { id: `seed-mediator-${track}-${street.split('/').at(-1) ?? ''}`, role: 'mediator', jurisdiction: street, track }
    const steps: Step[] = []
    let t = t0
    const at = (hours: number) => (t += Math.max(1, hours) * HOUR)
    const applicant = `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`
    const respondent = `${pick(rng, SURNAMES.filter((n) => !applicant.startsWith(n)))}${pick(rng, GIVEN)}`
    const create = {
      source: chance(rng, 0.6) ? 'party-application' : 'screening',
      category,
      jurisdiction: community.code,
      summary,
      parties: [
        { side: 'applicant', name: applicant, phone: `137${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` },
        { side: 'respondent', name: respondent, phone: `136${String(Math.floor(rng() * 1e8)).padStart(8, '0')}` },
      ],
      // 风险研判 at intake (by case number, so the rest of the seed stays as it was): a high risk goes to the street
      // at once and onto the dashboard's risk list.
      ...(i % 7 === 3 ? { risk: { grade: 'high', reason: '双方多次冲突，一方扬言报复' } } : i % 3 === 0 ? { risk: { grade: 'medium', reason: '情绪激动，反复争吵' } } : {}),
    }
    steps.push([at(2 + rng() * 20), 'accept', worker, {}])
    steps.push([at(24), 'assign-mediator', streetOfficer, { track, mediator: { id: mediator.id, jurisdiction: street, name: `${d.name(street)}调解员` } }])
    steps.push([at(24 * (1 + rng() * 3)), 'record-session', mediator, { minutes: '双方陈述事实，调解员释法说理' }])
    const end = rng()
    if (end < 0.55) {
      const when = at(24 * (1 + rng() * 10))
      steps.push([when, 'record-agreement', mediator, { form: 'oral', terms: ['双方自愿和解，责任方一次性赔偿并赔礼道歉'], reachedOn: localDate(new Date(when).toISOString()) }])
    } else if (end < 0.8) {
      steps.push([at(24 * (1 + rng() * 10)), 'record-failure', mediator, { reason: '双方分歧较大，调解不成，引导通过诉讼解决' }])
    } else if (end < 0.9) {
      steps.push([at(24 * (1 + rng() * 5)), 'transfer', mediator, { to: track === 'people' ? 'administrative' : 'people', reason: '涉及行政管理事项，转行政调解' }])
    }
    // else: still being mediated (overdue once the 30 days pass).
    plans.push({ path: 'disputes', key: `seed/disputes/${i}`, opener: worker, openedAt: t0, create, steps })
  }
  return plans
}

// The dispute a referral opens gets its id from the complaint's seed number, so a second seed names the same one.
const stableDisputeId = (i: number): string => `5eed0000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`

/** Writes the demo district's 90 days (`--seed`), skipping cases already in the store; a step a case refuses is logged, and that case stops there. */
export const seedDemo = async (deps: {
  readonly store: EventStore
  readonly collections: readonly CaseCollection[]
  readonly clock: AppClock
  readonly ids: AppIds
  readonly logger: Logger
  /** The registry the district's places come from (default: the shipped demo registry). */
  readonly registry?: JurisdictionRegistry
  /** Days of history (default 90). */
  readonly days?: number
  readonly seed?: number
}): Promise<{ readonly cases: number; readonly events: number; readonly refused: number; readonly alreadyThere: number }> => {
  const registry = deps.registry ?? E.getOrElseW(() => undefined)(readJurisdictionRegistry(DEMO_JURISDICTIONS_FILE))
  if (registry === undefined) throw new Error('the demo jurisdiction registry could not be read')
  const now = Date.parse(deps.clock.now())
  const plans = demoPlans(now, { registry, ...(deps.days === undefined ? {} : { days: deps.days }), ...(deps.seed === undefined ? {} : { seed: deps.seed }) })
  let alreadyThere = 0
  let cases = 0
  let events = 0
  let refused = 0
  // Every command of every case, in time order (the log then reads as the district lived it); ids by plan key.
  const idOf = new Map(plans.map((p) => [p.key, deps.ids.stableId(p.key)]))
  const timeline: { at: number; plan: Plan; route: string; actor: Actor; data: Record<string, unknown> }[] = []
  for (const plan of plans) {
    if (plan.openedAt > now) continue
    const id = idOf.get(plan.key) ?? ''
    const collection = deps.collections.find((c) => c.path === plan.path)
    if (collection === undefined) continue
    if ((await deps.store.streamVersion(streamIdOf(collection.caseType, id))) !== 'no-stream') {
      alreadyThere += 1
      continue
    }
    timeline.push({ at: plan.openedAt, plan, route: '', actor: plan.opener, data: { ...plan.create, id } })
    for (const [at, route, actor, data] of plan.steps) if (at <= now) timeline.push({ at, plan, route, actor, data })
  }
  timeline.sort((a, b) => a.at - b.at)
  const stopped = new Set<string>()
  for (const { at, plan, route, actor, data } of timeline) {
    if (stopped.has(plan.key)) continue
    const collection = deps.collections.find((c) => c.path === plan.path)
    if (collection === undefined) continue
    // A merge names its primary by plan key: the primary's id.
    const resolved = typeof data['primaryId'] === 'string' && idOf.has(data['primaryId']) ? { ...data, primaryId: idOf.get(data['primaryId']) } : data
    const id = idOf.get(plan.key) ?? ''
    const outcome = await execute(deps.store, collection.caseType, id, route === '' ? CREATE : route, resolved, {
      commandId: deps.ids.stableId(`${plan.key}/${route}/${at}`),
      actor,
      at: new Date(at).toISOString(),
    })
    if (E.isLeft(outcome)) {
      refused += 1
      stopped.add(plan.key)
      deps.logger.warn({ case: plan.key, route: route || 'create', error: outcome.left }, 'seed step refused')
      continue
    }
    if (route === '') cases += 1
    events += outcome.right.events.length
  }
  return { cases, events, refused, alreadyThere }
}

/** What a seed did, in words that are true of it (a second `--seed` on the same data writes nothing). */
export const seedSummary = (seeded: { readonly cases: number; readonly alreadyThere: number; readonly refused: number }): string =>
  seeded.cases === 0 && seeded.alreadyThere > 0
    ? `the demo district was already seeded (${seeded.alreadyThere} demo cases in the store): nothing written`
    : seeded.alreadyThere > 0
      ? `seeded ${seeded.cases} demo cases; ${seeded.alreadyThere} were already in the store`
      : `seeded the demo district: ${seeded.cases} cases`
