import type { Actor, Level, Track } from '@gridcase/core/access'
import type { EventDraft } from '@gridcase/core/audit'
import type { HandlingUnit } from '@gridcase/core/complaint'
import { complaintDraft, disputeDraft } from '../../packages/core/src/projections/fixtures.js'

// Test and bench data, kept out of the built package.

/**
 * A realistic, reproducible log of complaints and disputes for demos, benchmarks and property
 * tests: the same seed always gives the same events, in time order. Pure (a seeded generator).
 */
export interface SampleOptions {
  /** How many cases to open. */
  readonly cases: number
  readonly seed: number
  /** When the first case opens (ISO). */
  readonly start?: string
  /** Minutes between case openings, on average (default 7). */
  readonly spacingMinutes?: number
  /** Share of cases that are disputes (default 0.3). */
  readonly disputeShare?: number
  /** Grade the disputes' risk (风险研判) at intake and now and then again, escalating the high ones (default off: older seeds keep their logs). */
  readonly riskGrades?: boolean
  /**
   * Grid work too (off by default, so other logs stay as they were): one complaint in 13 resolved on the spot
   * (现场办结), and a street-led round in three summons a department (吹哨) that reports, gives its part and is rated (以下评上).
   */
  readonly gridWork?: boolean
  /**
   * Route disputes to committees (分流; off by default, so other logs stay as they were): most to their community's
   * people's committee or, of a specialist category, the district centre's committee; one transferred may be routed
   * again on its new track. Their mediation periods are then the committees' in the unit evaluation.
   */
  readonly committees?: boolean
  /**
   * Deadlines counted in days end at 24:00 China time of their last day, written 23:59:59+08:00 (DOMAIN.md "Time"):
   * the result, 报到, mediation, 司法确认 and court deadlines are moved to the end of their China day (off by default, so
   * other logs stay as they were). 签收 deadlines stay instants (counted in hours).
   */
  readonly dayDeadlines?: boolean
  /**
   * The assessment's (考核) harder cases too (off by default, so other logs stay as they were): duplicates merged (合并)
   * before and after dispatch, complaints referred to mediation (导入调解, before any dispatch or while a unit has them)
   * with the dispute and its conclusion recorded back, a callback once the result deadline passed before any result, a
   * missed callback followed by an answered one, a resident's rating before the callback, a 考评申诉 approved while
   * the case is open; on the dispute side, the court's 受理 (with its 15 days, sometimes extended), 不予受理, and
   * mediation extended. Every `onTime` is then written as the deciders write it: against the deadline in force (the
   * redispatched round's 签收 deadline after a 退单), a day deadline running to 24:00 China time.
   */
  readonly assessment?: boolean
  /**
   * With `gridWork`: every street-led round summons a department (吹哨), and one may end otherwise (off by default, so other
   * logs stay as they were). Chosen by case number (n mod 3: 1 or 2; 0 as without it), drawing nothing from the log's
   * random sequence: the street returns the case (退单) after the summons — before the department came (before or after its
   * 报到 deadline passed), or after it came, reported its part and was rated — and the case goes to the unit above; or the
   * street refers it to mediation (导入调解) after the summons, before the department came (which may come while the
   * dispute runs, or once a referral that failed put the case back) or after (not a 举报, whose reporter a mediation would
   * name).
   */
  readonly afterSummons?: boolean
  /**
   * 首接负责制 and the rest of a round's side events (off by default, so other logs stay as they were), chosen by case
   * number (n mod 6 for the 协办, n mod 4 = 0 or n mod 8 = 1 for a denied extension, n mod 5 = 2 for a 补充 and a note),
   * drawing nothing from the log's random sequence: once it signed for the case the lead adds one or two co-handling
   * departments (协办), which report their part — before the result (the decider takes none with a co-handler silent),
   * before or after the case is escalated (上报) — or one is still silent when the lead returns the case (退单: the round
   * ends with its co-handlers; the case may then be merged into an earlier complaint still open) or refers it to
   * mediation (导入调解); an extension asked for is denied (the case then finishing late, or on time); the complainant
   * adds to the case (补充诉求) and a supervisor adds a note.
   */
  readonly coHandling?: boolean
  /**
   * Deadlines re-based (off by default, so other logs stay as they were): a holiday notice loaded every 15 days from the
   * start (DOMAIN.md "Time": open cases' deadlines re-based by a command recording old and new deadline and the reason),
   * at which the running result and 报到 deadlines of two complaints in three, and the running mediation deadlines of
   * two disputes in three, move — by case number, drawing nothing from the log's random sequence: a day earlier (a
   * 调休 make-up day inside the span) or later (a holiday added), or not at all (a confirmation: a provisional count
   * the notice left on its day). A result deadline moves later only when no callback for the deadline passing follows
   * (it would then come before the new one, which the decider refuses). The events after it name the deadline in force
   * (an extension counted on from it, the result's `resultBy`) and write their `onTime` against it, as the deciders do.
   */
  readonly rebases?: boolean
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** mulberry32: small, fast, good enough to pick sample data. */
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

const CITY = 'hohhot'
const DISTRICTS = ['saihan', 'xincheng']
const STREETS = ['wulan', 'zhaojun', 'dongfeng']
const COMMUNITIES = ['c1', 'c2', 'c3']
const GRIDS = ['g01', 'g02', 'g03', 'g04']
const COMPLAINT_CATEGORIES = ['property', 'heating', 'environment', 'parking', 'elderly-care', 'law-related']
const DISPUTE_CATEGORIES = ['neighbour', 'family', 'property', 'medical', 'campus', 'labour', 'consumer'] as const
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄']
const GIVEN = ['芳', '强', '伟', '娜', '敏', '静', '磊', '洋', '秀英']

const uuidOf = (n: number, kind: number): string => {
  const hex = n.toString(16).padStart(12, '0')
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`
}
const iso = (ms: number): string => new Date(ms).toISOString()
const person = (rng: Rng) => ({ name: `${pick(rng, SURNAMES)}${pick(rng, GIVEN)}`, phone: `13${Math.floor(100000000 + rng() * 899999999)}` })

const unitFor = (grid: string, level: Level): HandlingUnit => {
  const parts = grid.split('/')
  const depth = { city: 1, district: 2, street: 3, community: 4, grid: 5 }[level]
  const jurisdiction = parts.slice(0, depth).join('/')
  return { id: `unit-${jurisdiction.replace(/\//g, '.')}`, name: `${jurisdiction} 办`, level, jurisdiction }
}
const above: Record<Level, Level> = { grid: 'community', community: 'street', street: 'district', district: 'city', city: 'city' }

const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: CITY }
const supervisor: Actor = { id: 'sup-1', role: 'supervisor', jurisdiction: CITY }

/** A district department (职能部门) of the case's place: a co-handling unit (协办) or a summoned one. */
const departmentOf = (grid: string, department: string): HandlingUnit => ({ ...unitFor(grid, 'district'), id: `${unitFor(grid, 'district').id}#${department}`, department })

/** One complaint's life, events in time order; it may stop anywhere (cases still open). */
function* complaintLife(
  rng: Rng,
  n: number,
  start: number,
  gridWork = false,
  assessment = false,
  afterSummons = false,
  coHandling = false,
  openPrimary: (n: number) => string | undefined = () => undefined,
): Generator<EventDraft> {
  const id = uuidOf(n, 1)
  const grid = `${CITY}/${pick(rng, DISTRICTS)}/${pick(rng, STREETS)}/${pick(rng, COMMUNITIES)}/${pick(rng, GRIDS)}`
  const category = pick(rng, COMPLAINT_CATEGORIES)
  const urgency = rng() < 0.15 ? 'urgent' : 'normal'
  const kind = pick(rng, ['consultation', 'help', 'complaint', 'complaint', 'report', 'suggestion'] as const)
  let t = start
  const at = (afterMs: number) => iso((t += Math.max(MINUTE, Math.floor(afterMs))))
  const complainant = person(rng)
  const policy = `standard-${urgency}`
  // The log's random sequence, as the referral below draws from it unless given its own.
  const drawn = rng
  yield complaintDraft(id, 'ComplaintRegistered', iso(t), {
    channel: pick(rng, ['hotline-12345', 'message-board', 'mini-program', 'grid-visit', 'walk-in', 'contact-card'] as const),
    kind,
    category,
    urgency,
    title: `${category} 问题`,
    description: `小区${category}问题反映, 多次沟通无果, 请尽快处理。联系人 ${complainant.name}`,
    jurisdiction: grid,
    complainant,
    policy,
    // 信访 intake: accepted or not within 15 days (受理时限); left unanswered, rejected or merged below.
    ...(assessment && n % 17 === 4 ? { acceptBy: iso(t + 15 * DAY) } : {}),
  }, operator)
  if (assessment && n % 17 === 4) {
    const fate = n % 3
    if (fate === 1) yield complaintDraft(id, 'ComplaintRejected', at(20 * DAY * rng()), { reason: '不属于信访事项', acceptBy: iso(start + 15 * DAY) }, operator)
    else if (fate === 2 && n > 0) yield complaintDraft(id, 'ComplaintMerged', at(20 * DAY * rng()), { primaryId: uuidOf(n - 1, 1), reason: '重复信访' }, operator)
    return
  }
  if (gridWork && n % 13 === 7) {
    const gridUnit = { id: grid, level: 'grid' as const, jurisdiction: grid }
    yield complaintDraft(id, 'ComplaintResolvedOnTheSpot', at(MINUTE), { unit: gridUnit, result: '网格员现场处理完毕。', outcome: 'resolved' })
    yield complaintDraft(id, 'ComplaintClosed', at(0), { closedAs: 'resolved-on-the-spot' })
    return
  }
  if (kind === 'consultation' && rng() < 0.6) {
    const rating = rng() < 0.9 ? 'satisfied' : 'basically-satisfied'
    yield complaintDraft(id, 'ComplaintClosed', at(20 * MINUTE), { closedAs: 'answered', answer: '已电话解答政策。', rating }, operator)
    return
  }
  if (rng() < 0.04) {
    yield complaintDraft(id, 'ComplaintRejected', at(2 * HOUR), { reason: '不属于受理范围' }, operator)
    return
  }
  // 派单时限 (assessment logs): 2 hours normal, 30 minutes urgent, from acceptance and again from each 退单 — so a case
  // never dispatched has it overdue, and an urgent redispatch an hour after a return meets it late.
  const dispatchWindow = urgency === 'urgent' ? 30 * MINUTE : 2 * HOUR
  const dispatchBy = (): { dispatchBy?: string } => (assessment ? { dispatchBy: iso(t + dispatchWindow) } : {})
  yield complaintDraft(id, 'ComplaintAccepted', at(30 * MINUTE), dispatchBy(), operator)
  // 合并 before dispatch: a duplicate of an earlier complaint.
  if (assessment && n > 0 && rng() < 0.05) {
    yield complaintDraft(id, 'ComplaintMerged', at(HOUR), { primaryId: uuidOf(n - 1, 1), reason: '重复诉求' }, operator)
    return
  }
  /**
   * 导入调解: the complaint is referred to mediation and a dispute opened from it, which may conclude (the conclusion
   * recorded back on the complaint: its result), followed by the notice, a callback and the resident's rating.
   * `handling`: the unit that had the case and its round, when referred while a unit had it.
   */
  const referral = function* (
    handling?: { readonly unit: HandlingUnit; readonly round: number; readonly resultBy: number },
    rng: Rng = drawn,
    whileReferred?: () => Generator<EventDraft>,
  ): Generator<EventDraft> {
    const disputeId = uuidOf(n, 3)
    const respondent = '某物业公司'
    const parties = [{ side: 'applicant' as const, ...complainant }, { side: 'respondent' as const, name: respondent }]
    yield complaintDraft(id, 'ComplaintReferredToMediation', at(HOUR * (1 + rng() * 24)), { disputeId, disputeCategory: 'neighbour', jurisdiction: grid, applicant: complainant, respondents: [{ name: respondent }], summary: '转人民调解' }, operator)
    yield disputeDraft(disputeId, 'DisputeReported', at(MINUTE), { id: disputeId, source: 'referral', category: 'neighbour', jurisdiction: grid, parties, summary: '由诉求转入调解', complaintId: id })
    if (whileReferred !== undefined) yield* whileReferred()
    if (rng() < 0.15) return
    yield disputeDraft(disputeId, 'DisputeAccepted', at(DAY * rng()), { mediationDeadline: iso(t + 30 * DAY) })
    yield disputeDraft(disputeId, 'MediatorAssigned', at(DAY * rng()), { track: 'people', mediator: { id: 'm-ref', jurisdiction: grid.split('/').slice(0, 3).join('/') } })
    if (rng() < 0.2) return
    const agreed = rng() < 0.6
    if (agreed) {
      const agreedAt = at(DAY * 20 * rng())
      yield disputeDraft(disputeId, 'MediationAgreed', agreedAt, { track: 'people', mediatorId: 'm-ref', form: 'written', terms: ['物业公司维修'], effectiveOn: agreedAt.slice(0, 10), confirmationDeadline: iso(Date.parse(agreedAt) + 30 * DAY), complaintId: id })
    } else yield disputeDraft(disputeId, 'MediationFailed', at(DAY * 20 * rng()), { track: 'people', reason: '调解不成', complaintId: id })
    yield complaintDraft(id, 'ComplaintMediationConcluded', at(HOUR), { disputeId, outcome: agreed ? 'agreement' : 'failed' }, operator)
    if (!agreed) {
      yield disputeDraft(disputeId, 'ReferredToLitigation', at(HOUR), { reason: '引导诉讼', complaintId: id })
      yield disputeDraft(disputeId, 'DisputeClosed', at(MINUTE), { outcome: 'litigation', complaintId: id })
    }
    yield complaintDraft(id, 'ComplainantNotified', at(6 * HOUR * rng()), { method: 'phone' }, operator)
    const unit = handling?.unit
    const callback = { ...(unit === undefined ? {} : { unit, round: handling?.round, resultBy: iso(handling?.resultBy ?? 0) }) }
    if (rng() < 0.6) yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: true, contacted: rng() < 0.7, solved: agreed ? 'solved' : 'not-solved', satisfaction: agreed ? 'satisfied' : 'unsatisfied', ...callback }, operator)
    else if (rng() < 0.5) yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: false, ...callback }, operator)
    const rating = agreed ? 'basically-satisfied' : 'unsatisfied'
    if (rng() < 0.7) yield complaintDraft(id, 'ComplaintEvaluated', at(DAY * rng()), { rating, round: handling?.round ?? 0, ...(unit === undefined ? {} : { unit, level: unit.level }) }, operator)
    if (rng() < 0.7) yield complaintDraft(id, 'ComplaintClosed', at(HOUR), { closedAs: 'evaluated' }, operator)
  }
  // 访调对接 at acceptance: referred before any unit had it.
  if (assessment && rng() < 0.05) {
    yield* referral()
    return
  }
  const ackWindow = urgency === 'urgent' ? 2 * HOUR : 24 * HOUR
  const resultWindow = urgency === 'urgent' ? 4 * DAY : 21 * DAY
  let unit = unitFor(grid, pick(rng, ['grid', 'community', 'community', 'street', 'street', 'district'] as const))
  let excluded = false
  for (let round = 1; round <= 3; round += 1) {
    if (rng() < 0.03) return
    const dispatchedAt = t + 10 * MINUTE
    const acknowledgeBy = dispatchedAt + ackWindow
    // The 签收 deadline of the round as dispatched last (a redispatch after a 退单 sets its own).
    let ackBy = acknowledgeBy
    let resultBy = dispatchedAt + resultWindow
    const deadlines = { policy, acknowledgeBy: iso(acknowledgeBy), resultBy: iso(resultBy) }
    if (round === 1) {
      yield complaintDraft(id, 'ComplaintDispatched', at(10 * MINUTE), { unit, round, redispatch: false, category, kind, urgency, jurisdiction: grid, ...deadlines }, operator)
      if (rng() < 0.06) {
        yield complaintDraft(id, 'ComplaintReturned', at(3 * HOUR), { unit, reason: '非本单位职责', ...dispatchBy() })
        unit = unitFor(grid, above[unit.level])
        yield complaintDraft(id, 'ComplaintDispatched', at(HOUR), { unit, round, redispatch: true, category, kind, urgency, jurisdiction: grid, ...deadlines, acknowledgeBy: iso(t + ackWindow), resultBy: iso((resultBy = t + resultWindow)) }, operator)
        if (assessment) ackBy = t + ackWindow
      }
      // 合并 of a duplicate already dispatched.
      if (assessment && n > 0 && rng() < 0.04) {
        yield complaintDraft(id, 'ComplaintMerged', at(HOUR * 30 * rng()), { primaryId: uuidOf(n - 1, 1), reason: '重复诉求' }, operator)
        return
      }
    } else {
      const previousUnit = unit
      // 重办 sent to the unit above rather than back to the same one.
      if (assessment && rng() < 0.3) unit = unitFor(grid, above[unit.level])
      yield complaintDraft(id, 'ComplaintReopened', at(10 * MINUTE), { reason: '诉求人不满意, 重办', previousUnit, unit, round, ...deadlines }, operator)
    }
    if (rng() < 0.05) return
    // Referred to mediation by the unit before it signed for the case: its 签收 and 办结 deadlines keep running.
    if (assessment && rng() < 0.03) {
      yield* referral({ unit, round, resultBy })
      return
    }
    // An extension denied this round (coHandling), and whether the result then comes late or on time.
    let denied: 'late' | 'on-time' | undefined
    const onTimeAck = rng() < 0.9
    const ackAt = at(onTimeAck ? rng() * ackWindow * 0.8 : ackWindow * (1 + rng()))
    // A superior acting for a grid (actsFor) signs for it and gives its result: the office above is credited (actingUnit).
    const actingUnit = assessment && unit.level === 'grid' && rng() < 0.25 ? { actingUnit: unitFor(grid, 'community') } : {}
    yield complaintDraft(id, 'ComplaintAcknowledged', ackAt, { unit, after: 'dispatch', acknowledgeBy: iso(assessment ? ackBy : acknowledgeBy), onTime: Date.parse(ackAt) <= (assessment ? ackBy : acknowledgeBy), ...actingUnit })
    // 考评申诉 approved while the case is still being handled.
    if (assessment && round === 1 && n % 11 === 5) {
      yield complaintDraft(id, 'ComplaintExclusionApplied', at(HOUR), { unit, ground: 'mis-dispatch', reason: '不属于本单位职责' })
      yield complaintDraft(id, 'ComplaintExclusionDecided', at(HOUR), { unit, ground: 'mis-dispatch', approved: true, reason: '核实' }, operator)
      excluded = true
    }
    // 退单 long after signing for it (maybe past the result deadline), and dispatched to the unit above, which signs for it.
    if (assessment && rng() < 0.05) {
      yield complaintDraft(id, 'ComplaintReturned', at(resultWindow * (0.3 + rng())), { unit, reason: '非本单位职责', ...dispatchBy() })
      unit = unitFor(grid, above[unit.level])
      const again = t + HOUR
      ackBy = again + ackWindow
      resultBy = again + resultWindow
      yield complaintDraft(id, 'ComplaintDispatched', at(HOUR), { unit, round, redispatch: true, category, kind, urgency, jurisdiction: grid, policy, acknowledgeBy: iso(ackBy), resultBy: iso(resultBy) }, operator)
      const signedAt = at(ackWindow * 1.2 * rng())
      yield complaintDraft(id, 'ComplaintAcknowledged', signedAt, { unit, after: 'dispatch', acknowledgeBy: iso(ackBy), onTime: Date.parse(signedAt) <= ackBy })
    }
    // Referred to mediation by the unit after it signed for the case.
    if (assessment && rng() < 0.05) {
      yield* referral({ unit, round, resultBy })
      return
    }
    // 协办 (coHandling; by case number, n mod 6): the lead, having signed for the case, adds co-handling departments.
    const co = coHandling ? n % 6 : 0
    if (co !== 0) {
      const environment = departmentOf(grid, 'environment')
      const urban = departmentOf(grid, 'urban-management')
      for (const d of co === 2 || co === 3 ? [environment, urban] : [environment]) {
        yield complaintDraft(id, 'ComplaintCoHandlerAdded', at(HOUR), { lead: unit, unit: d, task: '协助核查处置' })
      }
      const report = (d: HandlingUnit) => complaintDraft(id, 'ComplaintCoHandlingReported', at(3 * HOUR), { unit: d, report: '已配合现场核查处置' })
      yield report(environment)
      if (co === 2) {
        // 2: one co-handler silent when the lead returns the case (退单): the round ends with its co-handlers; the case is
        // then merged into an earlier complaint still open (n mod 12 = 8; the merge check takes no other), or dispatched to
        // the unit above, the complainant adding to it meanwhile.
        yield complaintDraft(id, 'ComplaintReturned', at(DAY), { unit, reason: '非本单位职责', ...dispatchBy() })
        const primaryId = n % 12 === 8 ? openPrimary(n) : undefined
        if (primaryId !== undefined) {
          yield complaintDraft(id, 'ComplaintMerged', at(MINUTE), { primaryId, reason: '重复诉求' }, operator)
          return
        }
        yield complaintDraft(id, 'ComplaintSupplemented', at(10 * MINUTE), { text: '补充: 问题仍未解决, 请尽快派单。' }, operator)
        unit = unitFor(grid, above[unit.level])
        const again = t + HOUR
        ackBy = again + ackWindow
        resultBy = again + resultWindow
        yield complaintDraft(id, 'ComplaintDispatched', at(HOUR), { unit, round, redispatch: true, category, kind, urgency, jurisdiction: grid, policy, acknowledgeBy: iso(ackBy), resultBy: iso(resultBy) }, operator)
        const signedAt = at(ackWindow * 0.5)
        yield complaintDraft(id, 'ComplaintAcknowledged', signedAt, { unit, after: 'dispatch', acknowledgeBy: iso(ackBy), onTime: Date.parse(signedAt) <= ackBy })
      } else if (co === 3 && unit.level !== 'city') {
        // 3: the lead escalates (上报) with its co-handlers; the other reports while escalated, the unit above signs for it.
        const to = unitFor(grid, above[unit.level])
        yield complaintDraft(id, 'ComplaintEscalated', at(HOUR), { from: unit, to, reason: '需上级协调' })
        unit = to
        yield report(urban)
        yield complaintDraft(id, 'ComplaintAcknowledged', at(HOUR), { unit, after: 'escalation' })
      } else if (co === 3) yield report(urban)
      else if (co === 4 && kind !== 'report') {
        // 4: a second co-handler is added and still silent when the lead refers the case to mediation (导入调解; its own
        // draws, not the log's; not a 举报, whose reporter a mediation would name).
        yield complaintDraft(id, 'ComplaintCoHandlerAdded', at(HOUR), { lead: unit, unit: urban, task: '协助调查' })
        yield* referral({ unit, round, resultBy }, prng(n * 7919 + 29))
        return
      }
    }
    // 补充诉求 and a supervisor's note (coHandling; n mod 5 = 2): they move no deadline and change no state.
    if (coHandling && n % 5 === 2) {
      yield complaintDraft(id, 'ComplaintSupplemented', at(2 * HOUR), { text: '补充: 夜间问题更严重。' }, operator)
      yield complaintDraft(id, 'ComplaintNoteAdded', at(HOUR), { note: '请牵头单位加强协调' }, supervisor)
    }
    if (gridWork && unit.level === 'street' && (n % 3 === 0 || afterSummons)) {
      const department = { ...unitFor(grid, 'district'), id: `${unitFor(grid, 'district').id}#housing`, department: 'housing' }
      const summonedAt = Date.parse(at(HOUR))
      yield complaintDraft(id, 'ComplaintDepartmentsSummoned', iso(summonedAt), { by: unit, departments: [department], reason: '吹哨', reportBy: iso(summonedAt + 2 * DAY) })
      // After the summons (afterSummons, which summons in every street-led round): 1, the street returns the case (退单);
      // 2, it refers it to mediation (not a 举报); 0, as without it.
      const fate = afterSummons && !(n % 3 === 2 && kind === 'report') ? n % 3 : 0
      const rating = (['satisfied', 'basically-satisfied', 'unsatisfied'] as const)[n % 5 % 3] ?? 'satisfied'
      if (n % 2 === 0) {
        const arrivedAt = at(n % 4 === 0 ? HOUR : 3 * DAY)
        yield complaintDraft(id, 'ComplaintDepartmentArrived', arrivedAt, { unit: department, reportBy: iso(summonedAt + 2 * DAY), onTime: Date.parse(arrivedAt) <= summonedAt + 2 * DAY })
        yield complaintDraft(id, 'ComplaintDepartmentPartReported', at(HOUR), { unit: department, report: '已到场处置' })
        // Its part reported, the street may rate it at once (以下评上) before the case leaves it.
        if (fate !== 0) yield complaintDraft(id, 'ComplaintDepartmentHelpRated', at(HOUR), { by: unit, unit: department, rating, comment: '以下评上' })
      }
      if (fate === 1) {
        // 退单 a day after the summons (its 报到 deadline still running) or three days after (passed), or once rated.
        yield complaintDraft(id, 'ComplaintReturned', at(n % 2 === 0 ? HOUR : n % 4 === 1 ? DAY : 3 * DAY), { unit, reason: '非本单位职责', ...dispatchBy() })
        unit = unitFor(grid, above[unit.level])
        const again = t + HOUR
        ackBy = again + ackWindow
        resultBy = again + resultWindow
        yield complaintDraft(id, 'ComplaintDispatched', at(HOUR), { unit, round, redispatch: true, category, kind, urgency, jurisdiction: grid, policy, acknowledgeBy: iso(ackBy), resultBy: iso(resultBy) }, operator)
        const signedAt = at(ackWindow * (n % 5 === 0 ? 1.5 : 0.5))
        yield complaintDraft(id, 'ComplaintAcknowledged', signedAt, { unit, after: 'dispatch', acknowledgeBy: iso(ackBy), onTime: Date.parse(signedAt) <= ackBy })
      } else if (fate === 2 && n % 8 === 3) {
        // 导入调解 that fails (the dispute cannot be opened): back in `departments-summoned`, the department comes three days
        // after the summons (late), reports its part and is rated, and the street handles the case on.
        const disputeId = uuidOf(n, 3)
        yield complaintDraft(id, 'ComplaintReferredToMediation', at(HOUR), { disputeId, disputeCategory: 'neighbour', jurisdiction: grid, applicant: complainant, respondents: [{ name: '某物业公司' }], summary: '转人民调解' }, operator)
        yield complaintDraft(id, 'ComplaintReferralFailed', at(MINUTE), { disputeId, code: 'already-exists', reason: '调解案件已存在', backTo: 'departments-summoned' }, operator)
        const arrivedAt = iso((t = Math.max(t, summonedAt + 3 * DAY)))
        yield complaintDraft(id, 'ComplaintDepartmentArrived', arrivedAt, { unit: department, reportBy: iso(summonedAt + 2 * DAY), onTime: Date.parse(arrivedAt) <= summonedAt + 2 * DAY })
        yield complaintDraft(id, 'ComplaintDepartmentPartReported', at(HOUR), { unit: department, report: '已到场处置' })
        yield complaintDraft(id, 'ComplaintDepartmentHelpRated', at(HOUR), { by: unit, unit: department, rating, comment: '以下评上' })
      } else if (fate === 2) {
        // 导入调解 a day after the summons (or once the department was rated), its own draws (a sequence from the case
        // number) so the log's sequence is not moved. A department that had not come may come while the dispute runs
        // (报到 an hour or a day after the referral), and report its part.
        if (n % 2 !== 0) t += DAY
        const comes = function* (): Generator<EventDraft> {
          const arrivedAt = at(n % 8 === 1 ? HOUR : DAY)
          yield complaintDraft(id, 'ComplaintDepartmentArrived', arrivedAt, { unit: department, reportBy: iso(summonedAt + 2 * DAY), onTime: Date.parse(arrivedAt) <= summonedAt + 2 * DAY })
          yield complaintDraft(id, 'ComplaintDepartmentPartReported', at(HOUR), { unit: department, report: '参加调解' })
        }
        yield* referral({ unit, round, resultBy }, prng(n * 7919 + 17), n % 4 === 1 ? comes : undefined)
        return
      } else yield complaintDraft(id, 'ComplaintDepartmentHelpRated', at(3 * DAY), { by: unit, unit: department, rating, comment: '以下评上' })
    }
    if (rng() < 0.3) yield complaintDraft(id, 'ComplaintUrged', at(2 * DAY * rng()), { note: '请加快办理', state: 'acknowledged' }, operator)
    if (rng() < 0.08 && unit.level !== 'city') {
      const to = unitFor(grid, above[unit.level])
      yield complaintDraft(id, 'ComplaintEscalated', at(DAY * rng()), { from: unit, to, reason: '需上级协调' })
      unit = to
      yield complaintDraft(id, 'ComplaintAcknowledged', at(HOUR * 3 * rng()), { unit, after: 'escalation' })
    }
    if (rng() < (assessment ? 0.2 : 0.05)) {
      const previous = resultBy
      resultBy += 10 * DAY
      yield complaintDraft(id, 'ComplaintExtensionRequested', at(DAY * rng()), { unit, days: 10, dayUnit: 'natural-days', reason: '需协调多部门', resultBy: iso(resultBy) })
      yield complaintDraft(id, 'ComplaintExtensionApproved', at(HOUR), { days: 10, dayUnit: 'natural-days', previousResultBy: iso(previous), resultBy: iso(resultBy) }, operator)
    } else if (coHandling && (n % 4 === 0 || n % 8 === 1) && t + 3 * HOUR < resultBy) {
      // An extension denied (coHandling; by case number): the result deadline stays, and the result comes late (n mod 3 =
      // 0) or on time. The request names the deadline running, in the unit of the policy the decider applies and within its
      // longest extension (3 or 15 working days; 涉法涉诉 the petition policy's 30 statutory days), as the decider writes it.
      const dayUnit = category === 'law-related' ? 'statutory-days' : 'working-days'
      yield complaintDraft(id, 'ComplaintExtensionRequested', at(HOUR), { unit, days: urgency === 'urgent' ? 3 : 10, dayUnit, reason: '需协调多部门', resultBy: iso(resultBy) })
      yield complaintDraft(id, 'ComplaintExtensionDenied', at(HOUR), { reason: '理由不充分, 请按期办结' }, operator)
      denied = n % 3 === 0 ? 'late' : 'on-time'
    }
    if (rng() < 0.05) return
    let resultIn = rng() < 0.85 ? (resultBy - t) * rng() * 0.9 : (resultBy - t) + DAY * 3 * rng()
    // Denied: a day after the deadline that stayed, or halfway to it.
    if (denied !== undefined) resultIn = denied === 'late' ? resultBy - t + DAY : (resultBy - t) * 0.5
    // 回访 once the result deadline passed with no result yet (北京市接诉即办工作条例: callback when the deadline expires).
    if (assessment && t + resultIn > resultBy + 2 * HOUR && rng() < 0.5) {
      const answers = rng() < 0.6 ? { reached: true, contacted: rng() < 0.5, solved: 'not-solved' as const, satisfaction: 'unsatisfied' as const } : { reached: false }
      yield complaintDraft(id, 'ComplaintCallbackRecorded', at(resultBy + 2 * HOUR - t), { ...answers, resultBy: iso(resultBy), unit, round }, operator)
      resultIn = DAY * rng()
    }
    const resultAt = at(resultIn)
    yield complaintDraft(id, 'ComplaintResultSubmitted', resultAt, { unit, result: '已协调物业处理完毕。', outcome: pick(rng, ['resolved', 'resolved', 'explained', 'unresolvable'] as const), resultBy: iso(resultBy), onTime: Date.parse(resultAt) <= resultBy, round, ...(unit.level === 'grid' ? actingUnit : {}) })
    // Whose result the complainant judges: the office that gave it when one acted for the grid (as the decider names it).
    const judged = unit.level === 'grid' ? (actingUnit.actingUnit ?? unit) : unit
    yield complaintDraft(id, 'ComplainantNotified', at(6 * HOUR * rng()), { method: pick(rng, ['phone', 'sms', 'app'] as const) }, operator)
    // The resident's own rating before the callback (一事一评 in the app).
    const early = assessment && rng() < 0.2 ? (['satisfied', 'basically-satisfied', 'unsatisfied'] as const)[n % 3] : undefined
    if (early !== undefined) yield complaintDraft(id, 'ComplaintEvaluated', at(HOUR * rng()), { rating: early, unit: judged, level: judged.level, round }, operator)
    // 回访 for three cases in four, chosen by number so the random sequence (and every other figure) stays as it was.
    const call = (n + round) % 4
    if (call === 0) {
      const answers = { contacted: n % 3 !== 0, solved: (['solved', 'partly', 'not-solved'] as const)[n % 3] ?? 'solved', satisfaction: (['satisfied', 'basically-satisfied', 'unsatisfied'] as const)[n % 5 % 3] ?? 'satisfied' }
      yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: true, resultBy: iso(resultBy), unit: judged, round, ...answers }, operator)
    } else if (call === 1) {
      yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: false, resultBy: iso(resultBy), unit: judged, round }, operator)
      // Called again the next day, and reached.
      if (assessment && rng() < 0.5) {
        yield complaintDraft(id, 'ComplaintCallbackRecorded', at(DAY), { reached: true, contacted: true, solved: (['solved', 'partly'] as const)[n % 2] ?? 'solved', satisfaction: (['basically-satisfied', 'satisfied'] as const)[n % 2] ?? 'satisfied', resultBy: iso(resultBy), unit: judged, round }, operator)
      }
    } else if (call === 2) yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: true, declined: true, resultBy: iso(resultBy), unit: judged, round }, operator)
    if (rng() < 0.08) {
      yield complaintDraft(id, 'ComplaintClosed', at(3 * DAY), { closedAs: 'no-evaluation', reason: '多次联系未接通' }, operator)
      return
    }
    // 考评申诉 for one case in seven (by number: the random sequence stays as it was), approved for two in three of those.
    if (round === 1 && n % 7 === 3 && !excluded) {
      yield complaintDraft(id, 'ComplaintExclusionApplied', at(HOUR), { unit, ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
      yield complaintDraft(id, 'ComplaintExclusionDecided', at(HOUR), { unit, ground: 'unreasonable-demand', approved: n % 3 !== 0, reason: '核实' }, operator)
    }
    const r = early === undefined ? rng() : 0
    const rating = early ?? (r < 0.7 ? 'satisfied' : r < 0.9 ? 'basically-satisfied' : 'unsatisfied')
    if (early === undefined) yield complaintDraft(id, 'ComplaintEvaluated', at(DAY * rng()), { rating, unit: judged, level: judged.level, round }, operator)
    if (rating !== 'unsatisfied' || rng() < 0.4) {
      yield complaintDraft(id, 'ComplaintClosed', at(HOUR), { closedAs: 'evaluated' }, operator)
      return
    }
  }
}

/** One dispute's life: report, mediation on a track, maybe a transfer, an outcome, confirmation, closing. */
function* disputeLife(rng: Rng, n: number, start: number, riskGrades = false, committees = false, assessment = false): Generator<EventDraft> {
  const id = uuidOf(n, 2)
  const grid = `${CITY}/${pick(rng, DISTRICTS)}/${pick(rng, STREETS)}/${pick(rng, COMMUNITIES)}/${pick(rng, GRIDS)}`
  let t = start
  const at = (afterMs: number) => iso((t += Math.max(MINUTE, Math.floor(afterMs))))
  const applicant = person(rng)
  const respondent = person(rng)
  // Picked in this order (source, then category) as the report's fields were, so older seeds keep their logs.
  const source = pick(rng, ['party-application', 'screening', 'screening', 'court-entrusted'] as const)
  const category = pick(rng, DISPUTE_CATEGORIES)
  yield disputeDraft(id, 'DisputeReported', iso(t), {
    id,
    source,
    category,
    jurisdiction: grid,
    parties: [{ side: 'applicant', ...applicant }, { side: 'respondent', ...respondent }],
    summary: '邻里因漏水产生纠纷, 双方多次争吵。',
    // A court clerk's entrustment (诉前委派): the centre signs for it (accepts or declines) within 3 days.
    ...(assessment && source === 'court-entrusted' ? { court: '赛罕区人民法院', courtCaseNumber: `(2026)蒙0105民诉前调${n}号`, receiptDeadline: iso(t + 3 * DAY) } : {}),
  })
  // 风险研判 at intake; a high grade escalates to the street; sometimes graded again before it is accepted.
  const grades = ['low', 'low', 'medium', 'high'] as const
  let grade: (typeof grades)[number] | undefined
  const regrade = function* (): Generator<EventDraft> {
    const next = pick(rng, grades.filter((g) => g !== grade))
    yield disputeDraft(id, 'DisputeRiskGraded', at(HOUR * rng()), { grade: next, reason: '研判', ...(grade === undefined ? {} : { previousGrade: grade }) })
    if (next === 'high') yield disputeDraft(id, 'DisputeEscalated', at(MINUTE), { to: grid.split('/').slice(0, 3).join('/'), grade: 'high', reason: '研判' })
    grade = next
  }
  if (riskGrades && rng() < 0.8) yield* regrade()
  if (riskGrades && rng() < 0.3) yield* regrade()
  // 分流: to the community's people's committee, or a specialist committee of the district's centre.
  const parts = grid.split('/')
  const route = function* (on: Track, previous?: string): Generator<EventDraft, string> {
    const specialist = ['medical', 'campus', 'property', 'labour'].includes(category) && rng() < 0.7
    const committee = on !== 'people' ? `${parts[2] ?? ''}-${on}` : specialist ? `${parts[1] ?? ''}-${category}` : `${parts[3] ?? ''}-people`
    yield disputeDraft(id, 'DisputeRouted', at(HOUR * rng()), {
      committeeId: committee, committeeName: `${committee} 调解委员会`, kind: on === 'people' && specialist ? (category as 'medical') : 'people', track: on,
      ...(on === 'people' && specialist ? { centre: `${parts[1] ?? ''}-centre` } : {}), ...(previous === undefined ? {} : { previousCommitteeId: previous }),
    })
    return committee
  }
  let routedTo: string | undefined
  if (rng() < 0.05) {
    yield disputeDraft(id, 'DisputeDeclined', at(DAY * rng()), { reason: '不属于调解范围' })
    return
  }
  yield disputeDraft(id, 'DisputeAccepted', at(DAY * rng()), { mediationDeadline: iso(t + 30 * DAY) })
  let mediationDeadline = t + 30 * DAY
  let track: Track = rng() < 0.7 ? 'people' : rng() < 0.66 ? 'administrative' : 'judicial'
  if (committees && rng() < 0.7) routedTo = yield* route(track)
  const mediator = { id: `m-${Math.floor(rng() * 50)}`, jurisdiction: grid.split('/').slice(0, 3).join('/') }
  for (let hop = 0; hop <= 1; hop += 1) {
    if (rng() < 0.03) return
    yield disputeDraft(id, 'MediatorAssigned', at(DAY * rng()), { track, mediator })
    const sessions = 1 + Math.floor(rng() * 3)
    for (let s = 1; s <= sessions; s += 1) {
      yield disputeDraft(id, 'MediationSessionHeld', at(3 * DAY * rng()), { session: s + hop * 3, track, mediatorId: mediator.id, minutes: '双方陈述, 调解员释法说理。' })
    }
    // The parties give the mediation 15 more days.
    if (assessment && rng() < 0.15) {
      const previous = mediationDeadline
      mediationDeadline += 15 * DAY
      yield disputeDraft(id, 'MediationExtended', at(HOUR), { previousDeadline: iso(previous), deadline: iso(mediationDeadline), days: 15, reason: '双方同意延长', agreedBy: [applicant.name, respondent.name] })
    }
    // Left mediating past its deadline.
    if (assessment && rng() < 0.05) return
    if (rng() < 0.05) return
    if (rng() < 0.72) {
      const agreedAt = at(DAY * rng())
      const effectiveOn = agreedAt.slice(0, 10)
      yield disputeDraft(id, 'MediationAgreed', agreedAt, { track, mediatorId: mediator.id, form: 'written', terms: ['被申请人赔偿维修费 2000 元'], effectiveOn, ...(track === 'people' ? { confirmationDeadline: iso(Date.parse(agreedAt) + 30 * DAY) } : {}) })
      if (track === 'people' && rng() < 0.3) {
        yield disputeDraft(id, 'JudicialConfirmationApplied', at(5 * DAY * rng()), { applicant: applicant.name, consentedBy: [respondent.name], court: '赛罕区人民法院', confirmationDeadline: iso(t + 25 * DAY), courtDecisionDeadline: iso(t + 3 * DAY) })
        // The court's 受理 (3 days), then its ruling within 15 days (extended once by 10), or 不予受理; or nothing yet.
        if (assessment) {
          const court = '赛罕区人民法院'
          const c = rng()
          if (c < 0.1) {
            yield disputeDraft(id, 'JudicialConfirmationRefused', at(DAY * 2 * rng()), { court, caseNumber: `(2026)蒙0105民特${n}号`, reason: '不符合受理条件' })
          } else if (c < 0.9) {
            yield disputeDraft(id, 'JudicialConfirmationAccepted', at(DAY * 4 * rng()), { court, caseNumber: `(2026)蒙0105民特${n}号`, decideBy: iso(t + 15 * DAY) })
            let decideBy = t + 15 * DAY
            if (rng() < 0.2) {
              yield disputeDraft(id, 'JudicialConfirmationReviewExtended', at(DAY * 10 * rng()), { previousDeadline: iso(decideBy), decideBy: iso((decideBy += 10 * DAY)), days: 10, reason: '案情复杂' })
            }
            if (rng() < 0.15) return
            yield rng() < 0.85
              ? disputeDraft(id, 'JudicialConfirmationGranted', at(DAY * 20 * rng()), { court })
              : disputeDraft(id, 'JudicialConfirmationRejected', at(DAY * 20 * rng()), { court, reason: '协议内容违反法律规定' })
          } else return
        } else yield rng() < 0.9
          ? disputeDraft(id, 'JudicialConfirmationGranted', at(2 * DAY * rng()), { court: '赛罕区人民法院' })
          : disputeDraft(id, 'JudicialConfirmationRejected', at(2 * DAY * rng()), { court: '赛罕区人民法院', reason: '协议内容违反法律规定' })
      }
      if (rng() < 0.1) return
      yield disputeDraft(id, 'FulfilmentRecorded', at(10 * DAY * rng()), { fulfilment: pick(rng, ['full', 'full', 'partial'] as const) })
      yield disputeDraft(id, 'FollowUpVisited', at(5 * DAY * rng()), { note: '双方关系缓和', satisfied: true })
      yield disputeDraft(id, 'DisputeClosed', at(HOUR), { outcome: 'mediated' })
      return
    }
    yield disputeDraft(id, 'MediationFailed', at(DAY * rng()), { track, reason: '双方分歧较大' })
    if (hop === 0 && rng() < 0.6) {
      const to: Track = track === 'people' ? 'administrative' : track === 'administrative' ? 'judicial' : 'people'
      yield disputeDraft(id, 'DisputeTransferred', at(DAY * rng()), { hop: 1, from: track, to, reason: '转行政调解', mediationDeadline: iso(t + 30 * DAY) })
      mediationDeadline = t + 30 * DAY
      track = to
      if (committees && rng() < 0.5) routedTo = yield* route(track, routedTo)
      continue
    }
    yield disputeDraft(id, 'ReferredToLitigation', at(DAY * rng()), { reason: '调解不成, 引导诉讼' })
    yield disputeDraft(id, 'DisputeClosed', at(HOUR), { outcome: 'litigation' })
    return
  }
}

interface Running {
  readonly life: Generator<EventDraft>
  next: EventDraft
  nextAt: number
}

/** A min-heap on the time of each running case's next event: the log comes out in time order. */
const heapPush = (heap: Running[], item: Running): void => {
  heap.push(item)
  let i = heap.length - 1
  while (i > 0) {
    const parent = (i - 1) >> 1
    const p = heap[parent] as Running
    if (p.nextAt <= item.nextAt) break
    heap[i] = p
    i = parent
  }
  heap[i] = item
}
const heapPop = (heap: Running[]): Running | undefined => {
  const top = heap[0]
  const last = heap.pop()
  if (top === undefined || last === undefined || heap.length === 0) return top
  let i = 0
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let smallest = i
    let item = last
    const left = heap[l]
    const right = heap[r]
    if (left !== undefined && left.nextAt < item.nextAt) {
      smallest = l
      item = left
    }
    if (right !== undefined && right.nextAt < item.nextAt) smallest = r
    if (smallest === i) break
    heap[i] = heap[smallest] as Running
    i = smallest
  }
  heap[i] = last
  return top
}

const CHINA_MS = 8 * HOUR
const DAY_FIELDS = ['resultBy', 'previousResultBy', 'reportBy', 'mediationDeadline', 'confirmationDeadline', 'courtDecisionDeadline', 'decideBy']
/** The last second of an instant's China day, as the deciders write a day deadline. */
const dayEnd = (iso: string): string => new Date(Math.floor((Date.parse(iso) + CHINA_MS) / DAY) * DAY + DAY - 1000 - CHINA_MS).toISOString()
const withDayEnds = (draft: EventDraft, decided = false): EventDraft => {
  const data = draft.data as Record<string, unknown>
  if (!DAY_FIELDS.some((f) => typeof data[f] === 'string')) return draft
  const moved = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, DAY_FIELDS.includes(k) && typeof v === 'string' ? dayEnd(v) : v]))
  // As the deciders write it: on time up to 24:00 China time of the deadline's day (its last second + 1 s).
  const by = draft.type === 'ComplaintResultSubmitted' ? moved.resultBy : draft.type === 'ComplaintDepartmentArrived' ? moved.reportBy : undefined
  if (decided && typeof by === 'string' && typeof moved.onTime === 'boolean') moved.onTime = Date.parse(draft.at) < Date.parse(by) + 1000
  return { ...draft, data: moved }
}

/** On time as the deciders judge it: a day deadline (its China day's last second) to 24:00, any other to its instant. */
const decidedOnTime = (at: string, by: number): boolean => Date.parse(at) < (new Date(by).toISOString() === dayEnd(new Date(by).toISOString()) ? by + 1000 : by + 1)
const REBASE_EVERY = 15 * DAY
const REBASE_CALENDAR = { id: 'chinese-workdays', version: 'chinese-days@1.5.7+2026:notice' }

/** A case's running deadlines as the log has written them so far, and how far the re-bases moved them. */
interface Moving {
  /** Complaint: the round's result deadline as written (before any move), while it runs; the move applied to it. */
  result?: number
  resultShift: number
  /** 报到: the summoned departments not yet come, their deadline as written and the move applied to it. */
  readonly arrivals: Map<string, { readonly written: number; shift: number }>
  /** Dispute: the mediation deadline as written, while it runs; the move applied. */
  mediation?: number
  mediationShift: number
}

/** The case's number in the log (its id's last hex digits: `uuidOf`). */
const caseNumber = (streamId: string): number => Number.parseInt(streamId.slice(-12), 16)

/** `sampleDrafts`' log with re-bases (`SampleOptions.rebases`). */
const withRebases = (drafts: readonly EventDraft[]): EventDraft[] => {
  const out: EventDraft[] = []
  const cases = new Map<string, Moving>()
  const first = drafts[0] === undefined ? 0 : Date.parse(drafts[0].at)
  let nextNotice = first + REBASE_EVERY
  const shifted = (iso: unknown, by: number): unknown => (typeof iso === 'string' && by !== 0 ? new Date(Date.parse(iso) + by).toISOString() : iso)
  // Does a callback for the deadline passing (one before any result) follow, in this round of the case?
  const callbackBeforeResult = (streamId: string, from: number): boolean => {
    for (let i = from; i < drafts.length; i += 1) {
      const e = drafts[i] as EventDraft
      if (e.streamId !== streamId) continue
      if (['ComplaintResultSubmitted', 'ComplaintReturned', 'ComplaintDispatched', 'ComplaintReopened', 'ComplaintMerged', 'ComplaintClosed', 'ComplaintReferredToMediation'].includes(e.type)) return false
      if (e.type === 'ComplaintCallbackRecorded') return true
    }
    return false
  }
  const notice = (at: number, index: number): void => {
    const stamp = new Date(at).toISOString()
    for (const [streamId, m] of cases) {
      const n = caseNumber(streamId)
      const k = Math.floor((at - first) / REBASE_EVERY)
      const pick = (n + k) % 3
      if (pick === 0) continue
      // 1: a day earlier; 2: a day later — or a confirmation where the later day would come after a callback already due.
      if (streamId.startsWith('complaint-')) {
        const changes: Record<string, unknown>[] = []
        if (m.result !== undefined) {
          const previous = m.result + m.resultShift
          const by = pick === 1 ? -DAY : callbackBeforeResult(streamId, index) ? 0 : DAY
          m.resultShift += by
          changes.push({ kind: 'result', previous: new Date(previous).toISOString(), deadline: new Date(previous + by).toISOString() })
        }
        if (m.arrivals.size > 0) {
          const by = pick === 1 ? DAY : -DAY
          // One change per deadline (the decider's: the departments summoned together share it).
          const groups = new Map<number, string[]>()
          for (const [unit, a] of m.arrivals) groups.set(a.written + a.shift, [...(groups.get(a.written + a.shift) ?? []), unit])
          for (const [previous, units] of groups) changes.push({ kind: 'arrival', previous: new Date(previous).toISOString(), deadline: new Date(previous + by).toISOString(), units })
          for (const a of m.arrivals.values()) a.shift += by
        }
        if (changes.length > 0) out.push(complaintDraft(streamId.slice('complaint-'.length), 'ComplaintDeadlinesRebased', stamp, { reason: '2026年部分节假日安排的通知已载入', calendar: REBASE_CALENDAR, changes } as never, supervisor))
      } else if (m.mediation !== undefined) {
        const previous = m.mediation + m.mediationShift
        const by = pick === 1 ? -DAY : DAY
        m.mediationShift += by
        out.push(disputeDraft(streamId.slice('dispute-'.length), 'DisputeDeadlinesRebased', stamp, { reason: '2026年部分节假日安排的通知已载入', calendar: REBASE_CALENDAR, changes: [{ kind: 'mediation', previous: new Date(previous).toISOString(), deadline: new Date(previous + by).toISOString() }] } as never))
      }
    }
  }
  drafts.forEach((draft, index) => {
    const at = Date.parse(draft.at)
    while (at >= nextNotice) {
      notice(nextNotice, index)
      nextNotice += REBASE_EVERY
    }
    const m: Moving = cases.get(draft.streamId) ?? { resultShift: 0, arrivals: new Map(), mediationShift: 0 }
    cases.set(draft.streamId, m)
    const d = { ...(draft.data as Record<string, unknown>) }
    switch (draft.type) {
      case 'ComplaintDispatched':
      case 'ComplaintReopened':
        // A new round: its deadlines counted afresh (with the calendar loaded by then), its summons none.
        m.result = Date.parse(d.resultBy as string)
        m.resultShift = 0
        m.arrivals.clear()
        break
      case 'ComplaintExtensionRequested':
      case 'ComplaintExtensionApproved':
      case 'ComplaintCallbackRecorded':
        d.resultBy = shifted(d.resultBy, m.resultShift)
        d.previousResultBy = shifted(d.previousResultBy, m.resultShift)
        if (draft.type === 'ComplaintExtensionApproved' && m.result !== undefined) m.result = Date.parse((draft.data as { resultBy: string }).resultBy)
        break
      case 'ComplaintResultSubmitted':
        d.resultBy = shifted(d.resultBy, m.resultShift)
        if (typeof d.onTime === 'boolean') d.onTime = decidedOnTime(draft.at, Date.parse(d.resultBy as string))
        m.result = undefined
        m.arrivals.clear()
        break
      case 'ComplaintReturned':
      case 'ComplaintMerged':
      case 'ComplaintClosed':
      case 'ComplaintMediationConcluded':
        m.result = undefined
        m.arrivals.clear()
        break
      case 'ComplaintDepartmentsSummoned':
        if (typeof d.reportBy === 'string') for (const u of d.departments as { id: string }[]) m.arrivals.set(u.id, { written: Date.parse(d.reportBy), shift: 0 })
        break
      case 'ComplaintDepartmentArrived': {
        const id = (d.unit as { id: string }).id
        const a = m.arrivals.get(id)
        if (a !== undefined) {
          d.reportBy = shifted(d.reportBy, a.shift)
          if (typeof d.onTime === 'boolean') d.onTime = decidedOnTime(draft.at, Date.parse(d.reportBy as string))
          m.arrivals.delete(id)
        }
        break
      }
      case 'DisputeAccepted':
      case 'DisputeTransferred':
        if (typeof d.mediationDeadline === 'string') {
          m.mediation = Date.parse(d.mediationDeadline)
          m.mediationShift = 0
        }
        break
      case 'MediationExtended':
        d.previousDeadline = shifted(d.previousDeadline, m.mediationShift)
        d.deadline = shifted(d.deadline, m.mediationShift)
        if (m.mediation !== undefined) m.mediation = Date.parse((draft.data as { deadline: string }).deadline)
        break
      case 'MediationAgreed':
      case 'MediationFailed':
      case 'ReferredToLitigation':
      case 'DisputeClosed':
      case 'DisputeDeclined':
        m.mediation = undefined
        break
    }
    out.push({ ...draft, data: d })
  })
  return out
}

/** Interleaves the lives of many cases into one log in time order, lazily (memory grows with open cases only). */
export function* sampleDrafts(options: SampleOptions): Generator<EventDraft> {
  if (options.rebases === true) {
    yield* withRebases([...sampleDrafts({ ...options, rebases: false })])
    return
  }
  if (options.dayDeadlines === true) {
    for (const draft of sampleDrafts({ ...options, dayDeadlines: false })) yield withDayEnds(draft, options.assessment === true)
    return
  }
  const rng = prng(options.seed)
  const spacing = (options.spacingMinutes ?? 7) * MINUTE
  let nextStart = Date.parse(options.start ?? '2026-01-05T08:00:00+08:00')
  const heap: Running[] = []
  let opened = 0
  // coHandling: the complaints open as the log stands (registered, not yet closed, rejected nor merged), for a merge.
  const open = new Set<string>()
  const openPrimary = (n: number): string | undefined => {
    for (let k = n - 1; k >= Math.max(0, n - 30); k -= 1) if (open.has(uuidOf(k, 1))) return uuidOf(k, 1)
    return undefined
  }
  const enqueue = (life: Generator<EventDraft>) => {
    const first = life.next()
    if (!first.done) heapPush(heap, { life, next: first.value, nextAt: Date.parse(first.value.at) })
  }
  while (opened < options.cases || heap.length > 0) {
    const top = heap[0]
    if (opened < options.cases && (top === undefined || nextStart <= top.nextAt)) {
      enqueue(
        rng() < (options.disputeShare ?? 0.3)
          ? disputeLife(rng, opened, nextStart, options.riskGrades, options.committees, options.assessment)
          : complaintLife(rng, opened, nextStart, options.gridWork, options.assessment, options.afterSummons, options.coHandling, openPrimary),
      )
      opened += 1
      nextStart += Math.floor(spacing * 2 * rng()) + 1
      continue
    }
    const running = heapPop(heap)
    if (running === undefined) break
    yield running.next
    if (options.coHandling === true) {
      const { type, data } = running.next
      const id = (data as { complaintId?: string }).complaintId ?? ''
      if (type === 'ComplaintRegistered') open.add(id)
      else if (type === 'ComplaintClosed' || type === 'ComplaintRejected' || type === 'ComplaintMerged') open.delete(id)
    }
    const following = running.life.next()
    if (!following.done) {
      running.next = following.value
      running.nextAt = Date.parse(following.value.at)
      heapPush(heap, running)
    }
  }
}
