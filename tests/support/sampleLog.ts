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

/** One complaint's life, events in time order; it may stop anywhere (cases still open). */
function* complaintLife(rng: Rng, n: number, start: number, gridWork = false): Generator<EventDraft> {
  const id = uuidOf(n, 1)
  const grid = `${CITY}/${pick(rng, DISTRICTS)}/${pick(rng, STREETS)}/${pick(rng, COMMUNITIES)}/${pick(rng, GRIDS)}`
  const category = pick(rng, COMPLAINT_CATEGORIES)
  const urgency = rng() < 0.15 ? 'urgent' : 'normal'
  const kind = pick(rng, ['consultation', 'help', 'complaint', 'complaint', 'report', 'suggestion'] as const)
  let t = start
  const at = (afterMs: number) => iso((t += Math.max(MINUTE, Math.floor(afterMs))))
  const complainant = person(rng)
  const policy = `standard-${urgency}`
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
  }, operator)
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
  yield complaintDraft(id, 'ComplaintAccepted', at(30 * MINUTE), {}, operator)
  const ackWindow = urgency === 'urgent' ? 2 * HOUR : 24 * HOUR
  const resultWindow = urgency === 'urgent' ? 4 * DAY : 21 * DAY
  let unit = unitFor(grid, pick(rng, ['grid', 'community', 'community', 'street', 'street', 'district'] as const))
  for (let round = 1; round <= 3; round += 1) {
    if (rng() < 0.03) return
    const dispatchedAt = t + 10 * MINUTE
    const acknowledgeBy = dispatchedAt + ackWindow
    let resultBy = dispatchedAt + resultWindow
    const deadlines = { policy, acknowledgeBy: iso(acknowledgeBy), resultBy: iso(resultBy) }
    if (round === 1) {
      yield complaintDraft(id, 'ComplaintDispatched', at(10 * MINUTE), { unit, round, redispatch: false, category, kind, urgency, jurisdiction: grid, ...deadlines }, operator)
      if (rng() < 0.06) {
        yield complaintDraft(id, 'ComplaintReturned', at(3 * HOUR), { unit, reason: '非本单位职责' })
        unit = unitFor(grid, above[unit.level])
        yield complaintDraft(id, 'ComplaintDispatched', at(HOUR), { unit, round, redispatch: true, category, kind, urgency, jurisdiction: grid, ...deadlines, acknowledgeBy: iso(t + ackWindow), resultBy: iso((resultBy = t + resultWindow)) }, operator)
      }
    } else {
      const previousUnit = unit
      yield complaintDraft(id, 'ComplaintReopened', at(10 * MINUTE), { reason: '诉求人不满意, 重办', previousUnit, unit, round, ...deadlines }, operator)
    }
    if (rng() < 0.05) return
    const onTimeAck = rng() < 0.9
    const ackAt = at(onTimeAck ? rng() * ackWindow * 0.8 : ackWindow * (1 + rng()))
    yield complaintDraft(id, 'ComplaintAcknowledged', ackAt, { unit, after: 'dispatch', acknowledgeBy: iso(acknowledgeBy), onTime: Date.parse(ackAt) <= acknowledgeBy })
    if (gridWork && unit.level === 'street' && n % 3 === 0) {
      const department = { ...unitFor(grid, 'district'), id: `${unitFor(grid, 'district').id}#housing`, department: 'housing' }
      const summonedAt = Date.parse(at(HOUR))
      yield complaintDraft(id, 'ComplaintDepartmentsSummoned', iso(summonedAt), { by: unit, departments: [department], reason: '吹哨', reportBy: iso(summonedAt + 2 * DAY) })
      if (n % 2 === 0) {
        const arrivedAt = at(n % 4 === 0 ? HOUR : 3 * DAY)
        yield complaintDraft(id, 'ComplaintDepartmentArrived', arrivedAt, { unit: department, reportBy: iso(summonedAt + 2 * DAY), onTime: Date.parse(arrivedAt) <= summonedAt + 2 * DAY })
        yield complaintDraft(id, 'ComplaintDepartmentPartReported', at(HOUR), { unit: department, report: '已到场处置' })
      }
      const rating = (['satisfied', 'basically-satisfied', 'unsatisfied'] as const)[n % 5 % 3] ?? 'satisfied'
      yield complaintDraft(id, 'ComplaintDepartmentHelpRated', at(3 * DAY), { by: unit, unit: department, rating, comment: '以下评上' })
    }
    if (rng() < 0.3) yield complaintDraft(id, 'ComplaintUrged', at(2 * DAY * rng()), { note: '请加快办理', state: 'acknowledged' }, operator)
    if (rng() < 0.08 && unit.level !== 'city') {
      const to = unitFor(grid, above[unit.level])
      yield complaintDraft(id, 'ComplaintEscalated', at(DAY * rng()), { from: unit, to, reason: '需上级协调' })
      unit = to
      yield complaintDraft(id, 'ComplaintAcknowledged', at(HOUR * 3 * rng()), { unit, after: 'escalation' })
    }
    if (rng() < 0.05) {
      const previous = resultBy
      resultBy += 10 * DAY
      yield complaintDraft(id, 'ComplaintExtensionRequested', at(DAY * rng()), { unit, days: 10, dayUnit: 'natural-days', reason: '需协调多部门', resultBy: iso(resultBy) })
      yield complaintDraft(id, 'ComplaintExtensionApproved', at(HOUR), { days: 10, dayUnit: 'natural-days', previousResultBy: iso(previous), resultBy: iso(resultBy) }, operator)
    }
    if (rng() < 0.05) return
    const resultAt = at(rng() < 0.85 ? (resultBy - t) * rng() * 0.9 : (resultBy - t) + DAY * 3 * rng())
    yield complaintDraft(id, 'ComplaintResultSubmitted', resultAt, { unit, result: '已协调物业处理完毕。', outcome: pick(rng, ['resolved', 'resolved', 'explained', 'unresolvable'] as const), resultBy: iso(resultBy), onTime: Date.parse(resultAt) <= resultBy, round })
    yield complaintDraft(id, 'ComplainantNotified', at(6 * HOUR * rng()), { method: pick(rng, ['phone', 'sms', 'app'] as const) }, operator)
    // 回访 for three cases in four, chosen by number so the random sequence (and every other figure) stays as it was.
    const call = (n + round) % 4
    if (call === 0) {
      const answers = { contacted: n % 3 !== 0, solved: (['solved', 'partly', 'not-solved'] as const)[n % 3] ?? 'solved', satisfaction: (['satisfied', 'basically-satisfied', 'unsatisfied'] as const)[n % 5 % 3] ?? 'satisfied' }
      yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: true, resultBy: iso(resultBy), unit, round, ...answers }, operator)
    } else if (call === 1) yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: false, resultBy: iso(resultBy), unit, round }, operator)
    else if (call === 2) yield complaintDraft(id, 'ComplaintCallbackRecorded', at(2 * HOUR), { reached: true, declined: true, resultBy: iso(resultBy), unit, round }, operator)
    if (rng() < 0.08) {
      yield complaintDraft(id, 'ComplaintClosed', at(3 * DAY), { closedAs: 'no-evaluation', reason: '多次联系未接通' }, operator)
      return
    }
    // 考评申诉 for one case in seven (by number: the random sequence stays as it was), approved for two in three of those.
    if (round === 1 && n % 7 === 3) {
      yield complaintDraft(id, 'ComplaintExclusionApplied', at(HOUR), { unit, ground: 'unreasonable-demand', reason: '诉求超出政策范围' })
      yield complaintDraft(id, 'ComplaintExclusionDecided', at(HOUR), { unit, ground: 'unreasonable-demand', approved: n % 3 !== 0, reason: '核实' }, operator)
    }
    const r = rng()
    const rating = r < 0.7 ? 'satisfied' : r < 0.9 ? 'basically-satisfied' : 'unsatisfied'
    yield complaintDraft(id, 'ComplaintEvaluated', at(DAY * rng()), { rating, unit, level: unit.level, round }, operator)
    if (rating !== 'unsatisfied' || rng() < 0.4) {
      yield complaintDraft(id, 'ComplaintClosed', at(HOUR), { closedAs: 'evaluated' }, operator)
      return
    }
  }
}

/** One dispute's life: report, mediation on a track, maybe a transfer, an outcome, confirmation, closing. */
function* disputeLife(rng: Rng, n: number, start: number, riskGrades = false, committees = false): Generator<EventDraft> {
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
    if (rng() < 0.05) return
    if (rng() < 0.72) {
      const agreedAt = at(DAY * rng())
      const effectiveOn = agreedAt.slice(0, 10)
      yield disputeDraft(id, 'MediationAgreed', agreedAt, { track, mediatorId: mediator.id, form: 'written', terms: ['被申请人赔偿维修费 2000 元'], effectiveOn, ...(track === 'people' ? { confirmationDeadline: iso(Date.parse(agreedAt) + 30 * DAY) } : {}) })
      if (track === 'people' && rng() < 0.3) {
        yield disputeDraft(id, 'JudicialConfirmationApplied', at(5 * DAY * rng()), { applicant: applicant.name, consentedBy: [respondent.name], court: '赛罕区人民法院', confirmationDeadline: iso(t + 25 * DAY), courtDecisionDeadline: iso(t + 3 * DAY) })
        yield rng() < 0.9
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
const withDayEnds = (draft: EventDraft): EventDraft => {
  const data = draft.data as Record<string, unknown>
  if (!DAY_FIELDS.some((f) => typeof data[f] === 'string')) return draft
  return { ...draft, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, DAY_FIELDS.includes(k) && typeof v === 'string' ? dayEnd(v) : v])) }
}

/** Interleaves the lives of many cases into one log in time order, lazily (memory grows with open cases only). */
export function* sampleDrafts(options: SampleOptions): Generator<EventDraft> {
  if (options.dayDeadlines === true) {
    for (const draft of sampleDrafts({ ...options, dayDeadlines: false })) yield withDayEnds(draft)
    return
  }
  const rng = prng(options.seed)
  const spacing = (options.spacingMinutes ?? 7) * MINUTE
  let nextStart = Date.parse(options.start ?? '2026-01-05T08:00:00+08:00')
  const heap: Running[] = []
  let opened = 0
  const enqueue = (life: Generator<EventDraft>) => {
    const first = life.next()
    if (!first.done) heapPush(heap, { life, next: first.value, nextAt: Date.parse(first.value.at) })
  }
  while (opened < options.cases || heap.length > 0) {
    const top = heap[0]
    if (opened < options.cases && (top === undefined || nextStart <= top.nextAt)) {
      enqueue(rng() < (options.disputeShare ?? 0.3) ? disputeLife(rng, opened, nextStart, options.riskGrades, options.committees) : complaintLife(rng, opened, nextStart, options.gridWork))
      opened += 1
      nextStart += Math.floor(spacing * 2 * rng()) + 1
      continue
    }
    const running = heapPop(heap)
    if (running === undefined) break
    yield running.next
    const following = running.life.next()
    if (!following.done) {
      running.next = following.value
      running.nextAt = Date.parse(following.value.at)
      heapPush(heap, running)
    }
  }
}
