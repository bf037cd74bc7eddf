import type { CaseCollection } from './collection.js'
import { jsonSchemaOf } from './jsonSchema.js'
import { HolidayScheduleData } from '@gridcase/core/calendar'
import { complaintView, disputeView, eventPage, genericView, historySchema, listPage, notYetView } from './viewSchemas.js'

const count = { type: 'integer', minimum: 0 }
const rate = { type: ['number', 'null'], minimum: 0, maximum: 1 }
/** One unit's figures in the evaluation (core's UnitFigures). */
const UNIT_FIGURES = {
  type: 'object',
  properties: {
    unit: {
      type: 'object',
      required: ['id', 'level', 'jurisdiction'],
      properties: {
        id: { type: 'string', description: 'a handling unit’s id; a mediation committee’s `committee:<id>` and a centre’s `centre:<id>` (the committee file’s ids)' },
        name: { type: 'string' },
        level: { type: 'string' },
        jurisdiction: { type: 'string' },
        jurisdictionName: { type: ['string', 'null'], description: 'the registry’s name of the jurisdiction (辖区名册), null when unnamed' },
        department: { type: 'string' },
      },
    },
    dispatched: count, acknowledgedOnTime: count, onTimeAcknowledgementRate: rate,
    results: count, resultsOnTime: count, onTimeRate: rate,
    calledBack: count, contacted: count, responseRate: rate, resolved: count, resolutionRate: rate,
    notReached: count, declined: count, evaluated: count, satisfied: count, satisfactionRate: rate,
    returns: count, reopenings: count, exclusions: count,
    overdue: { type: 'object', additionalProperties: count, description: 'its deadlines overdue now, by kind: a committee’s mediation periods, a centre’s entrustment receipts among them (docs/kpis.md)' },
    resolvedOnTheSpot: { ...count, description: '现场办结: cases this grid resolved on the spot in the period (0 for other units)' },
    arrivals: {
      type: 'object',
      description: '报到: as a department summoned by 吹哨, its 报到 deadlines that fell in the period (one not met is late) and those met on time',
      required: ['due', 'onTime', 'onTimeRate'],
      properties: { due: count, onTime: count, onTimeRate: rate },
    },
    helpRatings: {
      type: 'object',
      description: '以下评上: how the streets that summoned this department (吹哨) rated its help in the period',
      required: ['rated', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'satisfactionRate'],
      properties: {
        rated: count, satisfied: count, basicallySatisfied: count, unsatisfied: count,
        satisfactionRate: { ...rate, description: '(satisfied + basically satisfied × the 满意率 weight) / rated; null when none' },
      },
    },
    departmentRating: { ...rate, description: '以下评上 as the score reads it: helpRatings.satisfactionRate of a department rated in the period; null otherwise' },
    score: { type: ['number', 'null'], minimum: 0, maximum: 100, description: 'composite score (综合得分), see docs/kpis.md; null when nothing was counted' },
    coverage: { type: 'number', minimum: 0, maximum: 1, description: 'share of the total weight behind the score' },
    rank: { type: ['integer', 'null'], minimum: 1, description: '1 = best; equal scores share a rank; null when unscored' },
  },
} as const

const WEIGHTS = {
  type: 'object',
  description: 'the composite score’s weights (GRIDCASE_RANKING_WEIGHTS)',
  required: ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeAcknowledgementRate', 'onTimeCompletionRate', 'departmentRating'],
  properties: Object.fromEntries(['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeAcknowledgementRate', 'onTimeCompletionRate', 'departmentRating'].map((k) => [k, { type: 'number', minimum: 0 }])),
} as const
const RATE_WEIGHTS = {
  type: 'object',
  description: 'the 三率’s weights the rates were computed with (GRIDCASE_RATE_WEIGHTS): what a partly solved answer counts towards the 解决率, a basically satisfied one towards the 满意率',
  required: ['partlySolved', 'basicallySatisfied'],
  properties: { partlySolved: { type: 'number', minimum: 0, maximum: 1 }, basicallySatisfied: { type: 'number', minimum: 0, maximum: 1 } },
} as const
/** Whose cases an answer's figures cover (docs/HTTP.md "Figures by role"). */
const FIGURES_OF = {
  type: 'object',
  required: ['jurisdiction', 'department'],
  description: 'whose cases the figures cover: every case under `jurisdiction` (department null), or only those of the department’s own offices there (a department officer’s evaluation)',
  properties: { jurisdiction: { type: 'string' }, department: { type: ['string', 'null'] } },
}

/** A place's figures for a period (a ranking row, a month of the trend). */
const PLACE_FIGURES = {
  complaints: { ...count, description: 'complaints opened in the period' },
  disputes: { ...count, description: 'disputes opened in the period' },
  calledBack: count,
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  dispatched: count,
  acknowledgedOnTime: count,
  onTimeAcknowledgementRate: rate,
  results: count,
  resultsOnTime: count,
  onTimeCompletionRate: rate,
  excluded: count,
  overdue: { ...count, description: 'deadlines of every kind overdue now (whatever the period)' },
} as const
const PERIOD_PARAM = { name: 'period', in: 'query', required: true, description: 'a month (2026-03), a quarter (2026-Q1) or a year (2026), China time', schema: { type: 'string', pattern: '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$' } }
const nameOrNull = { type: ['string', 'null'], description: 'the registry’s name (辖区名册), null when unnamed' }

type Json = Record<string, unknown>

/** 风险等级 on the dashboard (core's RiskFigures): open disputes by grade, and the open high-risk ones. */
const EXCLUSION = { type: 'object', required: ['caseId', 'ground', 'unitId'], properties: { caseId: { type: 'string' }, ground: { type: 'string' }, unitId: { type: 'string' } } }
const EXCLUSIONS = { type: 'array', description: '考评申诉 approved in the period, by case id: a page of at most 100 (all are counted in rates.excluded), only cases the reader may open', items: EXCLUSION }
const EXCLUSIONS_PAGE = {
  type: 'object',
  required: ['limit', 'truncated', 'next'],
  properties: {
    limit: { type: 'integer', description: 'exclusions listed at most' },
    truncated: { type: 'boolean', description: 'more follow (for a reader who may open only some cases: more may follow)' },
    next: { type: ['string', 'null'], description: 'pass as exclusionsAfter for the next page (null: none)' },
  },
}

const days = { type: ['number', 'null'], minimum: 0 }
/** One track's mediation figures (core's TrackFigures): its own attempts. */
const TRACK_FIGURES = {
  type: 'object',
  required: ['entered', 'agreements', 'failures', 'concluded', 'successRate', 'meanDaysToConclude'],
  properties: {
    entered: { ...count, description: 'disputes assigned to or transferred into the track in the period (each once per track)' },
    agreements: { ...count, description: 'agreements reached on the track in the period' },
    failures: { ...count, description: 'failures recorded on the track in the period' },
    concluded: { ...count, description: 'agreements + failures on the track' },
    successRate: { ...rate, description: 'agreements / concluded' },
    meanDaysToConclude: { ...days, description: 'mean days from acceptance to the conclusions counted here' },
  },
}
/** 调解 on the dashboard (core's Mediation); docs/kpis.md, "Mediation". */
const MEDIATION_FIGURES = {
  type: 'object',
  required: ['reported', 'accepted', 'declined', 'referredToLitigation', 'agreements', 'failures', 'concluded', 'successRate', 'meanDaysToConclude', 'byTrack', 'transfers', 'confirmations'],
  properties: {
    reported: count,
    accepted: count,
    declined: count,
    referredToLitigation: count,
    agreements: { ...count, description: 'disputes whose outcome as of the period’s end (their last conclusion by then, no mediation under way again by then) is an agreement made in the period, each once: a period’s figure does not move once it is over' },
    failures: { ...count, description: 'disputes whose outcome as of the period’s end is a failure made in the period' },
    concluded: { ...count, description: 'disputes concluded overall: agreements + failures (a dispute that failed on one track and agreed on another is one agreement)' },
    successRate: { ...rate, description: 'agreements / concluded, per dispute' },
    meanDaysToConclude: { ...days, description: 'mean days from acceptance to the conclusion each dispute counted in `concluded` is counted by' },
    byTrack: { type: 'object', required: ['people', 'administrative', 'judicial'], properties: { people: TRACK_FIGURES, administrative: TRACK_FIGURES, judicial: TRACK_FIGURES } },
    transfers: {
      type: 'array',
      items: { type: 'object', required: ['from', 'to', 'count'], properties: { from: { type: 'string' }, to: { type: 'string' }, count } },
      description: 'hops between tracks in the period, per pair of tracks',
    },
    confirmations: {
      type: 'object',
      required: ['applied', 'accepted', 'granted', 'rejected'],
      description: '司法确认 in the period, each by the time it happened',
      properties: {
        applied: { ...count, description: 'applications made' },
        accepted: { ...count, description: 'applications the court accepted (受理)' },
        granted: { ...count, description: 'agreements the court confirmed' },
        rejected: { ...count, description: 'applications the court rejected (驳回)' },
      },
    },
  },
}

const RISK_FIGURES = {
  type: 'object',
  required: ['byGrade', 'highOpen', 'items', 'truncated'],
  properties: {
    byGrade: { type: 'object', required: ['low', 'medium', 'high'], properties: { low: count, medium: count, high: count }, description: 'open disputes by their grade now' },
    highOpen: { ...count, description: 'open disputes graded high (each escalated to its street)' },
    items: {
      type: 'array',
      maxItems: 100,
      description: 'the open high-risk disputes, longest high first, only those the reader may open (a list can be shorter than highOpen); no personal data',
      items: {
        type: 'object',
        required: ['caseId', 'jurisdiction', 'category', 'since', 'escalatedTo'],
        properties: {
          caseId: { type: 'string' },
          jurisdiction: { type: 'string' },
          category: { type: 'string' },
          since: { type: 'string', format: 'date-time', description: 'when it was graded high' },
          escalatedTo: { type: 'string', description: 'the street (or higher place) it was escalated to' },
        },
      },
    },
    truncated: { type: 'boolean' },
  },
} as const

/** Case counts by state and category (core's Tally). */
const TALLY = {
  type: 'object',
  required: ['total', 'byState', 'byCategory', 'byStateAndCategory'],
  properties: {
    total: count,
    byState: { type: 'object', additionalProperties: count },
    byCategory: { type: 'object', additionalProperties: count },
    byStateAndCategory: { type: 'object', additionalProperties: { type: 'object', additionalProperties: count } },
  },
} as const
const COUNTS = {
  type: 'object',
  required: ['complaint', 'dispute', 'tree'],
  properties: {
    complaint: TALLY,
    dispute: TALLY,
    tree: {
      type: 'array',
      description: 'the jurisdiction and the places under it, `depth` levels down',
      items: {
        type: 'object',
        required: ['jurisdiction', 'level', 'complaint', 'dispute'],
        properties: { jurisdiction: { type: 'string' }, level: { type: 'string' }, name: { type: ['string', 'null'] }, complaint: TALLY, dispute: TALLY },
      },
    },
  },
} as const
const byKind = { type: 'object', additionalProperties: count, description: 'by deadline kind (accept, acknowledge, arrival, result, mediation, confirmation, court-accept, court-decide, receipt, dispatch)' }
const OVERDUE_ITEM = {
  type: 'object',
  required: ['caseType', 'caseId', 'jurisdiction', 'category', 'deadlineKind', 'deadline', 'hoursOverdue'],
  properties: {
    caseType: { type: 'string', enum: ['complaint', 'dispute'] },
    caseId: { type: 'string' },
    jurisdiction: { type: 'string' },
    jurisdictionName: { type: ['string', 'null'] },
    category: { type: 'string' },
    unitId: { type: 'string', description: 'the unit that answers for the deadline, where one does' },
    deadlineKind: { type: 'string' },
    deadline: { type: 'string' },
    hoursOverdue: { type: 'number', description: 'negative for a deadline due soon' },
  },
} as const
const OVERDUE = {
  type: 'object',
  required: ['acknowledge', 'result', 'mediation', 'byKind', 'items', 'truncated', 'dueSoon'],
  properties: {
    acknowledge: count,
    result: count,
    mediation: count,
    byKind,
    items: { type: 'array', maxItems: 100, description: 'only cases the reader may open', items: OVERDUE_ITEM },
    truncated: { type: 'boolean' },
    dueSoon: {
      type: 'object',
      description: '临期: deadlines in the last `share` of their time',
      required: ['share', 'byKind', 'items', 'truncated'],
      properties: { share: { type: 'number' }, byKind, items: { type: 'array', maxItems: 100, items: OVERDUE_ITEM }, truncated: { type: 'boolean' } },
    },
  },
} as const
const RATES = {
  type: 'object',
  description: '三率 and timeliness (docs/kpis.md)',
  required: ['weights', 'calledBack', 'contacted', 'responseRate', 'resolved', 'resolutionRate', 'evaluated', 'satisfactionRate', 'dispatched', 'onTimeAcknowledgementRate', 'results', 'onTimeCompletionRate', 'excluded'],
  properties: {
    weights: RATE_WEIGHTS,
    ...Object.fromEntries(['calledBack', 'contacted', 'resolved', 'partlySolved', 'notSolved', 'notReached', 'declined', 'evaluated', 'ratedByResident', 'satisfied', 'basicallySatisfied', 'unsatisfied', 'dispatched', 'acknowledgedOnTime', 'results', 'resultsOnTime', 'excluded'].map((k) => [k, count])),
    ...Object.fromEntries(['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeAcknowledgementRate', 'onTimeCompletionRate'].map((k) => [k, rate])),
  },
} as const
const levelShare = { type: 'object', required: ['count', 'share'], properties: { count, share: rate } } as const
const RESOLUTION_LEVELS = {
  type: 'object',
  required: ['total', 'byLevel', 'streetOrBelowShare', 'onTheSpot'],
  properties: {
    total: count,
    byLevel: { type: 'object', required: ['city', 'district', 'street', 'community', 'grid'], properties: { city: levelShare, district: levelShare, street: levelShare, community: levelShare, grid: levelShare } },
    streetOrBelowShare: rate,
    onTheSpot: levelShare,
  },
} as const

/** `GET /api/v1/committees`: centres and committees (矛调中心, 调解委员会) where the actor works. */
const COMMITTEES = {
  type: 'object',
  required: ['centres', 'committees'],
  properties: {
    centres: {
      type: 'array',
      items: { type: 'object', required: ['id', 'name', 'jurisdiction'], properties: { id: { type: 'string' }, name: { type: 'string' }, jurisdiction: { type: 'string' } } },
    },
    committees: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'kind', 'jurisdiction', 'track'],
        properties: {
          id: { type: 'string', description: 'what `route` names' },
          name: { type: 'string' },
          kind: { type: 'string', enum: ['people', 'medical', 'campus', 'property', 'labour'] },
          jurisdiction: { type: 'string' },
          track: { type: 'string', enum: ['people', 'administrative', 'judicial'] },
          centre: { type: 'string', description: 'the centre a specialist committee sits in' },
          mediators: {
            type: 'array',
            description: 'who sits on it (not shown to residents): the mediators eligible once a dispute is routed here',
            items: { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
          },
        },
      },
    },
  },
} as const

const problemRef = { $ref: '#/components/schemas/Problem' }
const headRef = { $ref: '#/components/schemas/SignedTreeHead' }
const hex64 = (description: string): Json => ({ type: 'string', pattern: '^[0-9a-f]{64}$', description })
const problemResponse = (description: string): Json => ({ description, content: { 'application/problem+json': { schema: problemRef } } })
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      problemResponse(
        ({
          400: 'invalid input (errors name the fields)',
          401: 'missing or invalid token',
          403: 'the role or scope does not allow it',
          404: 'no such case, or outside the actor’s scope',
          409: 'invalid transition, a new case whose id exists (already-exists), or the case kept changing',
          412: 'If-Match does not match the current version',
          413: 'body too large',
          415: 'body is not JSON',
          422: 'a legal deadline has passed (deadline-passed), the Idempotency-Key was used for another request (idempotency-key-reused), or an attachment hash names no uploaded file, or one the actor may not have (unknown-attachment, the same answer; errors name the fields)',
          503: 'the live feed is full, or the database does not answer (Retry-After says when to try again)',
        } as Record<number, string>)[s] ?? 'error',
      ),
    ]),
  )
const json = (description: string, schema: Json = { type: 'object' }): Json => ({ description, content: { 'application/json': { schema } } })
const etagHeader = {
  ETag: {
    description:
      'weak ETag of the case version as this reader sees it: W/"N" for the full view, W/"N-<view>" for a view with personal data masked (m, r, mr, or o.<hex> a resident\'s own; a merged duplicate\'s masked history adds n<hex>, the people of the case it was merged into that it masks); once the key store has made erasures, their count follows (W/"N-e<n>", W/"N-<view>.e<n>"); If-Match takes every form',
    schema: { type: 'string' },
  },
  'Cache-Control': { description: 'private, no-store: the view carries personal data', schema: { type: 'string' } },
}
/**
 * A registration's schema without the new case's `id`: the server names the case (routes/command.ts drops a body's own
 * `id`), so a client neither needs nor sets one. Only the body's own top level (or the members of its `allOf`).
 */
const withoutCaseId = (schema: Record<string, unknown>): Record<string, unknown> => {
  const members = schema['allOf']
  if (Array.isArray(members)) return { ...schema, allOf: members.map((member: Record<string, unknown>) => withoutCaseId(member)) }
  const properties = schema['properties']
  if (typeof properties !== 'object' || properties === null || !('id' in properties)) return schema
  const { id: _id, ...rest } = properties as Record<string, unknown>
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((name) => name !== 'id') : undefined
  const { required: _required, ...withoutRequired } = schema
  return { ...withoutRequired, properties: rest, ...(required === undefined || required.length === 0 ? {} : { required }) }
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const query = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'query', required: false, description, schema })
const EXCLUSIONS_AFTER = query('exclusionsAfter', 'list the exclusions after this case id (the exclusionsPage.next of the page before)')
const AS_OF_ASSESSMENT = query('asOf', 'the figures as they stood at this time (ISO; default now), as the dashboard’s asOf', { type: 'string', format: 'date-time' })
const header = (name: string, description: string, schema: Json = { type: 'string' }): Json => ({ name, in: 'header', required: false, description, schema })
const idempotency = header('Idempotency-Key', 'a uuid; becomes the command id, bound to the actor, route and body: a repeat returns the first outcome and writes nothing; the same key with another actor, route or body is 422 idempotency-key-reused', {
  type: 'string',
  format: 'uuid',
})

/** The case view a collection answers with: field by field for complaints and disputes, the envelope for another type. */
const viewOf = (caseType: string): Json => (caseType === 'complaint' ? complaintView : caseType === 'dispute' ? disputeView : genericView(caseType))

const collectionPaths = (collection: CaseCollection): Record<string, Json> => {
  const { caseType, path } = collection
  const tag = [path]
  const base = `/api/v1/${path}`
  const view = viewOf(caseType.name)
  const commands = Object.fromEntries(
    Object.entries(caseType.commands).map(([name, spec]) => [
      `${base}/{id}/${name}`,
      {
        post: {
          tags: tag,
          operationId: `${caseType.name}-${name}`,
          summary: `${spec.type} on a ${caseType.name}`,
          parameters: [idParam, header('If-Match', 'W/"N": apply only if the case is at version N, else 412'), idempotency],
          requestBody: { required: false, content: { 'application/json': { schema: jsonSchemaOf(spec.data) } } },
          responses: { '200': { ...json('the case after the command', view), headers: etagHeader }, ...errors(400, 401, 403, 404, 409, 412, 413, 415, 422) },
        },
      },
    ]),
  )
  return {
    [base]: {
      get: {
        tags: tag,
        operationId: `${caseType.name}-list`,
        summary: `${path} in the actor's scope, newest first; personal data masked`,
        parameters: [
          query('state', 'lifecycle state', collection.states === undefined ? { type: 'string' } : { type: 'string', enum: [...collection.states] }),
          query('category', 'category', collection.categories === undefined ? { type: 'string' } : { type: 'string', enum: [...collection.categories] }),
          query('jurisdiction', 'jurisdiction prefix'),
          query('overdue', 'only overdue (true) or only not overdue (false)', { type: 'string', enum: ['true', 'false'] }),
          query('cursor', 'the `next` of the previous page'),
          query('limit', 'page size, 1–100 (default 20)', { type: 'integer', minimum: 1, maximum: 100 }),
        ],
        responses: {
          '200': json('a page of cases', listPage(view)),
          ...errors(400, 401),
        },
      },
      post: {
        tags: tag,
        operationId: `${caseType.name}-create`,
        summary: `${caseType.create.type}: opens a ${caseType.name}`,
        parameters: [idempotency],
        requestBody: { required: true, content: { 'application/json': { schema: withoutCaseId(jsonSchemaOf(caseType.create.data)) } } },
        responses: {
          '201': { ...json(`the new ${caseType.name}`, view), headers: { ...etagHeader, Location: { schema: { type: 'string' } } } },
          ...errors(400, 401, 403, 404, 409, 413, 415, 422),
        },
      },
    },
    ...commands,
    [`${base}/{id}`]: {
      get: {
        tags: tag,
        operationId: `${caseType.name}-get`,
        summary: `a ${caseType.name}, now or as of a version or a time`,
        parameters: [idParam, query('version', 'the case as of this version', { type: 'integer', minimum: 0 }), query('asOf', 'the case as recorded at this ISO time', { type: 'string', format: 'date-time' })],
        responses: {
          '200': {
            ...json(`the ${caseType.name}; as of a time before it existed, \`{ "exists": false }\` (no ETag)`, {
              anyOf: [view, notYetView(caseType.name)],
            }),
            headers: etagHeader,
          },
          '304': { description: 'not modified (If-None-Match)' },
          ...errors(400, 401, 404),
        },
      },
    },
    [`${base}/{id}/history`]: {
      get: {
        tags: tag,
        operationId: `${caseType.name}-history`,
        summary: 'every event with actor, time, reason and hash-chain links',
        parameters: [idParam],
        responses: { '200': { ...json('the history', historySchema(caseType.name)), headers: etagHeader }, ...errors(400, 401, 404) },
      },
    },
  }
}

/** The OpenAPI 3.1 document for exactly the routes `createApp` mounts. */
const dateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a China local date' }
const calendarStampSchema = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string', description: 'the calendar, e.g. chinese-workdays' }, version: { type: 'string', description: 'its data version, e.g. chinese-days@1.5.7+2027:1a2b3c4d' } },
}
const yearSchema = {
  type: 'object',
  required: ['year', 'calendar', 'source', 'provisional', 'festivalDays', 'daysOff', 'makeUpWorkdays'],
  properties: {
    year: { type: 'integer' },
    calendar: calendarStampSchema,
    source: { type: 'string', enum: ['loaded', 'shipped', 'festival-days-only'], description: 'where the year’s working days come from' },
    provisional: { type: 'boolean', description: 'no notice for the year: only the statutory festival days are known' },
    notice: { type: 'string', description: 'the notice of a loaded schedule' },
    holidays: {
      type: 'array',
      items: { type: 'object', required: ['name', 'from', 'to'], properties: { name: { type: 'string' }, from: dateSchema, to: dateSchema } },
    },
    festivalDays: {
      type: 'array',
      description: '全国年节及纪念日放假办法 art. 2',
      items: { type: 'object', required: ['date', 'name'], properties: { date: dateSchema, name: { type: 'string', enum: ['元旦', '春节', '清明', '劳动节', '端午', '中秋', '国庆'] } } },
    },
    daysOff: { type: 'array', items: dateSchema, description: 'Monday–Friday dates that are not working days' },
    makeUpWorkdays: { type: 'array', items: dateSchema, description: 'Saturdays and Sundays that are working days (调休)' },
  },
}
const brokenLinkSchema: Json = {
  type: 'object',
  required: ['streamId', 'version', 'position', 'eventId', 'reason', 'expected', 'actual'],
  properties: {
    streamId: { type: 'string' },
    version: { type: 'integer' },
    position: { type: 'integer' },
    eventId: { type: 'string' },
    reason: { enum: ['hash-mismatch', 'prev-hash-mismatch', 'version-gap'] },
    expected: { type: 'string' },
    actual: { type: 'string' },
  },
}
const attachmentFindingSchema: Json = {
  type: 'object',
  description:
    'a file an event names that is missing or whose bytes no longer hash to the reference: the case (stream), the event and the hash — a personal document’s (id-document, agreement, consent, application, signature) without sha256 and actual',
  required: ['kind', 'streamId', 'version', 'position', 'eventId', 'eventType', 'path', 'problem'],
  properties: {
    sha256: hex64('the hash the event names (absent for a personal document)'),
    kind: { type: 'string' },
    streamId: { type: 'string', description: 'the case, e.g. complaint-<id>' },
    version: { type: 'integer' },
    position: { type: 'integer' },
    eventId: { type: 'string' },
    eventType: { type: 'string' },
    path: { type: 'string', description: 'the field of the event’s data, e.g. attachments[0].sha256' },
    problem: { enum: ['missing', 'altered'] },
    actual: hex64('what the stored bytes hash to now (altered; absent for a personal document)'),
  },
}
const verifySchema: Json = {
  type: 'object',
  required: ['ok', 'events', 'streams', 'brokenLinks', 'verifiedTo', 'attachments', 'clock', 'jurisdiction', 'checkedAt'],
  properties: {
    ok: { type: 'boolean', description: 'every chain intact and every referenced file intact' },
    events: { type: 'integer' },
    streams: { type: 'integer' },
    brokenLinks: { type: 'array', items: brokenLinkSchema },
    firstBrokenLink: brokenLinkSchema,
    verifiedTo: { type: 'integer', description: 'the last global position verified' },
    attachments: {
      type: 'object',
      description: 'every file the events in scope name, re-hashed at this request',
      required: ['ok', 'references', 'files', 'erased', 'findings'],
      properties: {
        ok: { type: 'boolean' },
        references: { type: 'integer' },
        files: { type: 'integer' },
        erased: { type: 'integer', description: "references to personal-document files (identity documents, signed agreements, consents, applications) deleted on purpose with their case's personal data (recorded by its PersonalDataErased event): not findings" },
        findings: { type: 'array', items: attachmentFindingSchema },
      },
    },
    erasures: {
      type: 'object',
      description: 'on a sealed store: the key table held to the log for the cases in scope',
      required: ['ok', 'subjects', 'erased', 'findings'],
      properties: {
        ok: { type: 'boolean' },
        subjects: { type: 'integer', description: 'data subjects of the cases in scope the log holds personal data of: sealed, or only in clear (written before it was sealed, or with sealing off), which an erasure gives an erased row' },
        erased: { type: 'integer' },
        findings: { type: 'array', items: { type: 'object', required: ['kind', 'subject', 'streamId'], properties: { kind: { enum: ['key-missing', 'destroyed-unrecorded', 'erasure-unfinished', 'key-wrong'] }, subject: { type: 'string' }, streamId: { type: 'string' }, position: { type: 'integer', description: 'key-wrong: the event whose sealed data the key was tried on' } } } },
      },
    },
    clock: {
      type: 'object',
      description: 'a warning, not a finding (ok is not changed): events of the cases in scope recorded more than toleranceSeconds before the event just before them in the log — a backdated append, or a clock set wrong',
      required: ['toleranceSeconds', 'backwards', 'capped', 'steps'],
      properties: {
        toleranceSeconds: { type: 'integer' },
        backwards: { type: 'integer', description: 'how many, among the first 1000 of the whole log' },
        capped: { type: 'boolean', description: 'the whole log held more than 1000: backwards may count fewer than there are' },
        steps: {
          type: 'array',
          description: 'the first 20',
          items: {
            type: 'object',
            required: ['streamId', 'version', 'position', 'eventId', 'recordedAt', 'backSeconds'],
            properties: {
              streamId: { type: 'string' },
              version: { type: 'integer' },
              position: { type: 'integer' },
              eventId: { type: 'string' },
              recordedAt: { type: 'string', format: 'date-time' },
              previousStreamId: { type: 'string', description: 'the event just before it in the log: only where its case is in scope too' },
              previousPosition: { type: 'integer' },
              previousRecordedAt: { type: 'string', format: 'date-time' },
              backSeconds: { type: 'integer' },
            },
          },
        },
      },
    },
    jurisdiction: { type: 'string' },
    checkedAt: { type: 'string', format: 'date-time' },
  },
}
const uploadedSchema: Json = {
  type: 'object',
  required: ['sha256', 'size', 'contentType'],
  additionalProperties: false,
  properties: {
    sha256: hex64('the file’s SHA-256: name it in a command’s attachments ({sha256, kind})'),
    size: { type: 'integer', minimum: 1, description: 'bytes' },
    contentType: { enum: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] },
  },
}
const attachmentPaths = (): Json => ({
  '/api/v1/attachments': {
    post: {
      tags: ['attachments'],
      operationId: 'attachment-upload',
      summary:
        'upload a file (photo, scan of a signed agreement, ruling): the raw bytes with their Content-Type, or multipart/form-data with a part named file; kept by SHA-256, once however often uploaded; name it in a command within the grace period (default 7 days) or it is collected',
      requestBody: {
        required: true,
        content: {
          'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
          'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
          'image/webp': { schema: { type: 'string', contentMediaType: 'image/webp' } },
          'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
          'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', contentMediaType: 'application/octet-stream', description: 'the file, with its own Content-Type' } } } },
        },
      },
      responses: {
        '201': { ...json('kept (the same answer whether or not the bytes were held already)', uploadedSchema), headers: { Location: { description: '/api/v1/attachments/{sha256}', schema: { type: 'string' } } } },
        '400': problemResponse('empty, cut off, a malformed multipart body (the form ends before its closing boundary, a malformed part header), or a multipart body without a part named file among its first 40 parts: nothing kept'),
        '401': problemResponse('missing or invalid token'),
        '403': problemResponse('an auditor (read-only)'),
        '413': problemResponse('larger than the limit (ATTACHMENTS_MAX_BYTES, default 10 MiB): nothing kept'),
        '415': problemResponse('a type not accepted (ATTACHMENTS_TYPES), or content whose magic bytes are not the declared type: nothing kept'),
      },
    },
  },
  '/api/v1/attachments/{sha256}': {
    get: {
      tags: ['attachments'],
      operationId: 'attachment-fetch',
      summary:
        'the file: to its uploader, and to whoever may read a case that names it — a personal document (kinds agreement, consent, application, signature) only to the handling roles and the parties of the case, not to auditors, supervisors or admins, and a kind id-document only to the handling roles (not residents, auditors, supervisors or admins); anyone else gets the 404 of a file that does not exist',
      parameters: [{ name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, header('If-None-Match', 'the ETag seen before: 304 when unchanged')],
      responses: {
        '200': {
          description: 'the bytes, with Content-Type, X-Content-Type-Options: nosniff, Content-Disposition (inline for images, attachment for PDF) and ETag "<sha256>"',
          headers: {
            ETag: { schema: { type: 'string' } },
            'Content-Disposition': { schema: { type: 'string' } },
            'X-Content-Type-Options': { schema: { const: 'nosniff' } },
          },
          content: {
            'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
            'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
            'image/webp': { schema: { type: 'string', contentMediaType: 'image/webp' } },
            'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
          },
        },
        '304': { description: 'not modified (If-None-Match)' },
        ...errors(400, 401),
        '404': problemResponse('no such file, or one the actor may not fetch (the same answer)'),
      },
    },
  },
})
const calendarPaths = (): Json => ({
  '/api/v1/calendar/{year}': {
    get: {
      tags: ['calendar'],
      operationId: 'calendar-year',
      summary: 'a year’s working-day calendar: days off, make-up days, festival days and where they come from',
      parameters: [{ name: 'year', in: 'path', required: true, schema: { type: 'integer', minimum: 1900, maximum: 2100 } }],
      responses: { '200': json('the year', yearSchema), ...errors(400, 401) },
    },
  },
  '/api/v1/calendar': {
    post: {
      tags: ['calendar'],
      operationId: 'calendar-load',
      summary: 'an admin of the city: load a year’s holiday schedule (the notice’s holidays and make-up days); re-bases every open case’s deadlines as process:calendar-rebase',
      parameters: [header('Idempotency-Key', 'a uuid: a retried load by the same admin with the same schedule answers with the first load and records nothing; the same key with another admin or schedule is 422 idempotency-key-reused', { type: 'string', format: 'uuid' })],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(HolidayScheduleData) } } },
      responses: {
        '201': json('the year as loaded, and how many open cases were re-based (the schedule and the re-base it calls for are kept before any case is re-based: a server stopped or killed meanwhile finishes the re-base when it next starts)', {
          ...yearSchema,
          required: [...yearSchema.required, 'rebase'],
          properties: {
            ...yearSchema.properties,
            rebase: {
              type: 'object',
              required: ['cases', 'rebased', 'failed'],
              properties: { cases: { type: 'integer' }, rebased: { type: 'integer', description: 'cases whose deadlines moved: open cases, and closed complaints whose summoned department is not rated and has not reported its part — never came, or came with no part (its 报到 deadline)' }, failed: { type: 'integer' } },
            },
          },
        }),
        '202': json('the year as loaded (recorded and in effect) while its re-base is not recorded done within 30 s — no process runner over the log, or a long one: `rebase.load` is the load’s position; a retry with the same Idempotency-Key answers 201 with the counts once the log holds them', {
          ...yearSchema,
          required: [...yearSchema.required, 'rebase'],
          properties: {
            ...yearSchema.properties,
            rebase: { type: 'object', required: ['pending', 'load'], properties: { pending: { type: 'boolean', const: true }, load: { type: 'integer', description: 'the load’s position in the log' } } },
          },
        }),
        ...errors(400, 401),
        '403': problemResponse('not an admin, or an admin below the city (a district, a street): a schedule moves every case’s deadlines'),
        '422': problemResponse('the Idempotency-Key was used for another load (another admin or schedule): idempotency-key-reused'),
        '503': problemResponse('the server is stopping: the schedule is loaded and kept, and the re-base of open cases is finished when it next starts (code stopping)'),
      },
    },
  },
})

const webhookRef = { $ref: '#/components/schemas/WebhookSubscription' }
const deliveryRef = { $ref: '#/components/schemas/WebhookDelivery' }
const webhookIdParam = { name: 'id', in: 'path', required: true, description: 'the subscription', schema: { type: 'string', format: 'uuid' } }
const deliveryIdParam = { name: 'deliveryId', in: 'path', required: true, description: 'the delivery (its webhook-id)', schema: { type: 'string', format: 'uuid' } }
const deliveryPage = json('a page of deliveries, newest event first, each with its attempts', {
  type: 'object',
  required: ['items', 'next'],
  properties: { items: { type: 'array', items: deliveryRef }, next: { type: ['string', 'null'], description: 'the cursor of the next page' } },
})
const pageParams = [query('cursor', 'the `next` of the previous page'), query('limit', 'page size, 1–100 (default 50)', { type: 'integer', minimum: 1, maximum: 100 })]
const subscriptionSchema = {
  type: 'object',
  required: ['id', 'url', 'eventTypes', 'jurisdiction', 'personalData', 'status', 'createdAt', 'createdBy', 'fromPosition'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string', format: 'uri' },
    eventTypes: { type: 'array', items: { type: 'string' } },
    jurisdiction: { type: 'string' },
    personalData: { type: 'boolean' },
    description: { type: 'string' },
    status: {
      type: 'string',
      enum: ['active', 'disabled', 'deleted'],
      description: 'disabled: its receiver answered 410 Gone; nothing is queued or sent until an admin enables it (POST …/enable)',
    },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string', description: 'the admin who created it' },
    fromPosition: { type: 'integer', minimum: -1, description: 'events after this global position are delivered' },
    deletedAt: { type: 'string', format: 'date-time' },
    deletedBy: { type: 'string' },
    disabledAt: { type: 'string', format: 'date-time', description: 'when it was disabled (only while disabled)' },
    disabledReason: { type: 'string', description: 'why: the delivery its receiver answered 410 Gone (only while disabled)' },
    previousSecretUntil: {
      type: 'string',
      format: 'date-time',
      description: 'after POST …/rotate-secret: until when the replaced secret still signs each delivery beside the new one (absent once it is dropped)',
    },
    secretRotatedAt: { type: 'string', format: 'date-time', description: 'when its secret was last rotated (POST …/rotate-secret); absent if never' },
    personalDataWithheld: {
      type: 'string',
      description: 'with personalData: true, when its url’s origin is not (or no longer) among the server’s GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS: why its deliveries are masked; absent otherwise',
    },
  },
}
const webhookSchemas = (eventTypes: readonly string[]): Json => ({
  NewWebhookSubscription: {
    type: 'object',
    required: ['url', 'eventTypes'],
    additionalProperties: false,
    properties: {
      url: { type: 'string', format: 'uri', maxLength: 2000, description: 'http:// or https://, without user:password@ or #fragment; redirects are not followed. One that is or resolves to a loopback, private, link-local or other reserved address (an IPv6 one carrying an IPv4 address — ::ffff:, NAT64 64:ff9b::/96, 6to4, IPv4-compatible — by the IPv4 address it carries) is refused (400 at url) unless the server’s GRIDCASE_WEBHOOK_ALLOW allows it' },
      eventTypes: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', enum: ['*', ...eventTypes] }, description: 'the event types to deliver; "*" for all' },
      jurisdiction: { type: 'string', description: 'only cases under this jurisdiction prefix (default: the admin’s own; must lie within it)' },
      personalData: {
        type: 'boolean',
        default: false,
        description:
          'deliver names, phones, id numbers and addresses unmasked (a 举报’s data is masked whatever this says); true only with an https:// url or an http:// one to a loopback host (localhost, 127.0.0.0/8, ::1), else 400 at url (个人信息保护法 art. 51); and only to a url whose origin the server’s GRIDCASE_WEBHOOK_PERSONAL_DATA_ORIGINS lists (none unless set), else 400 at personalData',
      },
      description: { type: 'string', maxLength: 500 },
    },
  },
  WebhookSubscription: subscriptionSchema,
  CreatedWebhookSubscription: {
    ...subscriptionSchema,
    required: [...subscriptionSchema.required, 'secret'],
    properties: { ...subscriptionSchema.properties, secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9+/]+=*$', description: 'shown this once' } },
  },
  WebhookAttempt: {
    type: 'object',
    required: ['attempt', 'at', 'outcome', 'durationMs'],
    additionalProperties: false,
    properties: {
      attempt: { type: 'integer', minimum: 1 },
      at: { type: 'string', format: 'date-time' },
      outcome: { type: 'string', enum: ['delivered', 'failed'] },
      statusCode: { type: 'integer', description: 'the receiver’s HTTP status (absent: no answer)' },
      error: { type: 'string' },
      durationMs: { type: 'integer', minimum: 0 },
    },
  },
  WebhookDelivery: {
    type: 'object',
    required: ['id', 'subscriptionId', 'position', 'streamId', 'caseType', 'caseId', 'eventId', 'eventType', 'status', 'attempts', 'failures', 'createdAt', 'log'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid', description: 'also the webhook-id header: the same on every attempt' },
      subscriptionId: { type: 'string', format: 'uuid' },
      position: { type: 'integer', minimum: 0 },
      streamId: { type: 'string' },
      caseType: { type: 'string' },
      caseId: { type: 'string' },
      eventId: { type: 'string', format: 'uuid' },
      eventType: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'delivered', 'dead', 'cancelled'] },
      attempts: { type: 'integer', minimum: 0, description: 'every attempt made' },
      failures: { type: 'integer', minimum: 0, description: 'failed attempts since it was (re)queued, toward the dead-letter limit' },
      createdAt: { type: 'string', format: 'date-time' },
      nextAttemptAt: { type: 'string', format: 'date-time', description: 'pending: when the next attempt is due' },
      held: { const: true, description: 'pending behind an earlier event of its case: due once that one is delivered or dead-lettered' },
      deliveredAt: { type: 'string', format: 'date-time' },
      deadAt: { type: 'string', format: 'date-time' },
      lastStatusCode: { type: 'integer' },
      lastError: { type: 'string' },
      log: { type: 'array', items: { $ref: '#/components/schemas/WebhookAttempt' } },
    },
  },
  WebhookCaseEvent: webhookEventSchema(eventTypes),
})
/**
 * What gridcase POSTs to a subscription's url (OpenAPI 3.1 `webhooks`; Standard Webhooks recommends "a formal
 * specification of the structure (such as JSON Schema or OpenAPI)" of the payload): the headers and the body, one shape
 * for every event type (`data.data` is the event's own data, as the case's history shows it).
 */
const webhookEventSchema = (eventTypes: readonly string[]): Json => ({
  type: 'object',
  required: ['type', 'timestamp', 'data'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', enum: eventTypes, description: 'the event type (as the case’s history names it)' },
    timestamp: { type: 'string', format: 'date-time', description: 'when the event occurred (its occurredAt), not when it was sent: that is webhook-timestamp' },
    data: {
      type: 'object',
      required: ['caseType', 'caseId', 'jurisdiction', 'streamId', 'version', 'position', 'eventId', 'occurredAt', 'recordedAt', 'actor', 'personalData'],
      additionalProperties: false,
      properties: {
        caseType: { type: 'string', description: 'complaint, dispute, …' },
        caseId: { type: 'string' },
        jurisdiction: { type: 'string', description: 'the case’s jurisdiction path' },
        streamId: { type: 'string' },
        version: { type: 'integer', minimum: 0, description: 'the event’s version in its case: 0, 1, 2… delivered in this order per case and subscription (a gap: an event of a type not subscribed to, or one recorded while the subscription was disabled)' },
        position: { type: 'integer', minimum: 0, description: 'the event’s global position in the log (GET /api/v1/events?from=)' },
        eventId: { type: 'string', format: 'uuid' },
        occurredAt: { type: 'string', format: 'date-time' },
        recordedAt: { type: 'string', format: 'date-time' },
        actor: {
          type: 'object',
          required: ['role'],
          description: 'who recorded it (masked as data is; a 举报’s reporter, an anonymous complaint’s complainant, left out); only role when the actor alone would carry the body over 256 KiB',
          properties: { id: { type: 'string' }, role: { type: 'string' }, jurisdiction: { type: 'string' } },
        },
        personalData: { type: 'string', enum: ['full', 'masked'], description: 'masked unless the subscription has personalData: true (a 举报 always masked)' },
        data: { type: 'object', description: 'the event’s data (absent from a thin delivery)' },
        thin: { const: true, description: 'the whole body would have been over 256 KiB: read the event at href' },
        bytes: { type: 'integer', minimum: 0, description: 'a thin delivery: the size the whole body would have had' },
        href: { type: 'string', description: 'a thin delivery: its case’s history, relative to the API’s base; the event is the one at version' },
      },
    },
  },
})

/** The outbound delivery, as an OpenAPI 3.1 webhook. */
const webhookDeliveries = (): Json => ({
  caseEvent: {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-case-event',
      summary: 'what a subscription’s url receives: one event of a case, signed per Standard Webhooks',
      description:
        'POSTed to the subscription’s url, at least once (a repeat has the same webhook-id: drop it), in order per case. Verify webhook-signature over `${webhook-id}.${webhook-timestamp}.${raw body}` with HMAC-SHA256 under the base64-decoded secret after `whsec_`, accepting any one of its space-delimited `v1,` signatures (two during a secret rotation’s overlap), and refuse a webhook-timestamp more than 5 minutes from your clock (it is the attempt’s time, new on every retry). Answer 2xx once it is kept; anything else, a redirect or no answer within GRIDCASE_WEBHOOK_TIMEOUT_MS (15 s) is retried with backoff for days, then dead-lettered.',
      security: [],
      parameters: [
        { name: 'webhook-id', in: 'header', required: true, description: 'the delivery’s id: the same on every attempt (an idempotency key)', schema: { type: 'string', format: 'uuid' } },
        { name: 'webhook-timestamp', in: 'header', required: true, description: 'when this attempt was made, in Unix seconds', schema: { type: 'string', pattern: '^[0-9]+$' } },
        { name: 'webhook-signature', in: 'header', required: true, description: 'v1,<base64 HMAC-SHA256>, space-delimited: two during a secret rotation’s overlap window (new, old)', schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/]+={0,2}( v1,[A-Za-z0-9+/]+={0,2})*$' } },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/WebhookCaseEvent' } } } },
      responses: {
        '2XX': { description: 'kept: delivered (the next event of the case follows)' },
        '410': { description: 'gone: the subscription is disabled (an admin enables it again); nothing more is sent' },
        '429': { description: 'under load (as 502, 503, 504): its other deliveries wait for Retry-After (at most the backoff cap) or the backoff’s first step' },
        default: { description: 'failed: retried after the backoff (not before a Retry-After), dead-lettered after GRIDCASE_WEBHOOK_MAX_ATTEMPTS' },
      },
    },
  },
})

const webhookPaths = (): Json => ({
  '/api/v1/webhooks': {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-create',
      summary: 'admin: subscribe a URL to events (by type and jurisdiction prefix); the answer shows the signing secret once (and again to a create retried with its Idempotency-Key)',
      parameters: [header('Idempotency-Key', 'a uuid: a retried create answers with the first subscription and its secret and writes nothing; the same key with another body is 422 idempotency-key-reused', { type: 'string', format: 'uuid' })],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewWebhookSubscription' } } } },
      responses: {
        '201': {
          ...json('the subscription and its secret (Standard Webhooks: whsec_ and base64)', { $ref: '#/components/schemas/CreatedWebhookSubscription' }),
          headers: { Location: { schema: { type: 'string' } }, 'Idempotent-Replayed': { description: 'true: the answer to an earlier create with this Idempotency-Key', schema: { const: 'true' } } },
        },
        ...errors(400, 401, 403, 413, 415, 422),
      },
    },
    get: {
      tags: ['webhooks'],
      operationId: 'webhook-list',
      summary: 'admin: the subscriptions under the admin’s jurisdiction (deleted ones too), without secrets',
      responses: { '200': json('the subscriptions', { type: 'object', required: ['items'], properties: { items: { type: 'array', items: webhookRef } } }), ...errors(400, 401, 403) },
    },
  },
  '/api/v1/webhooks/dead-letters': {
    get: {
      tags: ['webhooks'],
      operationId: 'webhook-dead-letters',
      summary: 'admin: deliveries that failed every attempt, of every subscription the admin sees',
      parameters: pageParams,
      responses: { '200': deliveryPage, ...errors(400, 401, 403) },
    },
  },
  '/api/v1/webhooks/{id}': {
    get: {
      tags: ['webhooks'],
      operationId: 'webhook-get',
      summary: 'admin: one subscription (no secret)',
      parameters: [webhookIdParam],
      responses: { '200': json('the subscription', webhookRef), ...errors(400, 401, 403, 404) },
    },
    delete: {
      tags: ['webhooks'],
      operationId: 'webhook-delete',
      summary: 'admin: delete a subscription for good: nothing more is delivered (pending deliveries cancelled), the secret is forgotten; it and its log stay readable',
      parameters: [webhookIdParam],
      responses: { '200': json('the subscription, deleted', webhookRef), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/v1/webhooks/{id}/deliveries': {
    get: {
      tags: ['webhooks'],
      operationId: 'webhook-deliveries',
      summary: 'admin: the delivery log of a subscription: each event with its attempts, status codes and times',
      parameters: [webhookIdParam, query('status', 'only deliveries in this status', { type: 'string', enum: ['pending', 'delivered', 'dead', 'cancelled'] }), ...pageParams],
      responses: { '200': deliveryPage, ...errors(400, 401, 403, 404) },
    },
  },
  '/api/v1/webhooks/{id}/deliveries/{deliveryId}': {
    get: {
      tags: ['webhooks'],
      operationId: 'webhook-delivery',
      summary: 'admin: one delivery and its attempts',
      parameters: [webhookIdParam, deliveryIdParam],
      responses: { '200': json('the delivery', deliveryRef), ...errors(400, 401, 403, 404) },
    },
  },
  '/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry': {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-retry',
      summary: 'admin: queue a dead letter again (due now, its failures reset; the same webhook-id)',
      parameters: [webhookIdParam, deliveryIdParam],
      responses: { '202': json('the delivery, pending', deliveryRef), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/webhooks/{id}/rotate-secret': {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-rotate-secret',
      summary:
        'admin: a new signing secret, shown this once; for GRIDCASE_WEBHOOK_ROTATION_OVERLAP_HOURS (default 24) every delivery carries two signatures, the new secret’s and the old one’s (Standard Webhooks: space-delimited), then only the new one',
      parameters: [webhookIdParam],
      requestBody: {
        required: false,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              additionalProperties: false,
              properties: {
                secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9+/]+=*$', description: 'the secret to use (whsec_ and the base64 of 24 to 64 bytes); absent: a new one is made (32 random bytes)' },
              },
            },
          },
        },
      },
      responses: {
        '200': json('the subscription (previousSecretUntil: the end of the overlap window) and its new secret', { $ref: '#/components/schemas/CreatedWebhookSubscription' }),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
  '/api/v1/webhooks/{id}/enable': {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-enable',
      summary:
        'admin: a subscription disabled by its receiver’s 410 Gone active again (events from now on are queued; what its disabling dead-lettered is sent again first, in order per case)',
      parameters: [webhookIdParam],
      responses: { '200': json('the subscription, active', webhookRef), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/webhooks/{id}/dead-letters/retry': {
    post: {
      tags: ['webhooks'],
      operationId: 'webhook-retry-all',
      summary: 'admin: queue every dead letter of a subscription again (after the receiver is fixed)',
      parameters: [webhookIdParam],
      responses: {
        '202': json('how many were queued again', { type: 'object', required: ['retried'], additionalProperties: false, properties: { retried: { type: 'integer', minimum: 0 } } }),
        ...errors(400, 401, 403, 404),
      },
    },
  },
})

const refusalRef = { $ref: '#/components/schemas/ProcessRefusal' }
const refusalSchema: Json = {
  type: 'object',
  description: 'a command a process could not issue (refused for good, but not one meaning nothing to do any more) or an event it failed to handle (retried by the runner); the command, the message and a dismissal reason masked as every admin read is',
  required: ['id', 'process', 'event', 'jurisdiction', 'kind', 'code', 'message', 'firstAt', 'lastAt', 'attempts', 'status'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    process: { type: 'string', description: 'the process (complaint-referral, mediation-outcome, calendar-stale, …)' },
    event: { type: 'object', required: ['streamId', 'position', 'eventId', 'type'], properties: { streamId: { type: 'string' }, position: { type: 'integer', minimum: 0 }, eventId: { type: 'string' }, type: { type: 'string' } }, description: 'the event it was handling' },
    command: { type: 'object', required: ['caseType', 'caseId', 'command', 'data', 'meta'], properties: { caseType: { type: 'string' }, caseId: { type: 'string' }, command: { type: 'string' }, data: {}, meta: { type: 'object' } }, description: 'absent: the event could not be read, or the failure was no command’s' },
    jurisdiction: { type: ['string', 'null'], description: 'of the case the command addressed; null when unknown (read by an admin of the top of the tree)' },
    kind: { enum: ['refused', 'failed'] },
    code: { type: 'string', description: 'the domain error code (validation, forbidden, not-found, already-exists, …), or stalled / error for a failure' },
    message: { type: 'string' },
    firstAt: { type: 'string', format: 'date-time' },
    lastAt: { type: 'string', format: 'date-time' },
    attempts: { type: 'integer', minimum: 1 },
    status: { enum: ['open', 'dismissed', 'resolved'] },
    dismissed: { type: 'object', required: ['by', 'reason', 'at'], properties: { by: { type: 'string' }, reason: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
    resolved: { type: 'object', required: ['how', 'at'], properties: { how: { enum: ['handled', 'retried'] }, at: { type: 'string', format: 'date-time' }, by: { type: 'string' } } },
  },
}
const refusalIdParam = { name: 'id', in: 'path', required: true, description: 'the refusal', schema: { type: 'string', format: 'uuid' } }
const processRefusalPaths = (): Json => ({
  '/api/v1/admin/processes/refusals': {
    get: {
      tags: ['processes'],
      operationId: 'process-refusals',
      summary: 'admin: what the processes could not do — refused commands and failures they retry — within the admin’s jurisdiction, oldest first',
      parameters: [query('status', 'only refusals in this status', { type: 'string', enum: ['open', 'dismissed', 'resolved'] }), ...pageParams],
      responses: {
        '200': json('a page of refusals', { type: 'object', required: ['items', 'next'], properties: { items: { type: 'array', items: refusalRef }, next: { type: ['string', 'null'], description: 'the cursor of the next page' } } }),
        ...errors(400, 401, 403),
      },
    },
  },
  '/api/v1/admin/processes/refusals/{id}/retry': {
    post: {
      tags: ['processes'],
      operationId: 'process-refusal-retry',
      summary: 'admin: issue an open refusal’s command again, as the process did (its actor, its command id: applied once); accepted: resolved (retried, by whom); refused again: still open, one attempt more, with the new error',
      parameters: [refusalIdParam],
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: {} } } } },
      responses: { '200': json('the refusal after the retry', refusalRef), ...errors(400, 401, 403, 404, 409) },
    },
  },
  '/api/v1/admin/processes/refusals/{id}/dismiss': {
    post: {
      tags: ['processes'],
      operationId: 'process-refusal-dismiss',
      summary: 'admin: nothing more is to be done about an open refusal: dismissed, with who, when and why',
      parameters: [refusalIdParam],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } } } } },
      responses: { '200': json('the refusal, dismissed', refusalRef), ...errors(400, 401, 403, 404, 409) },
    },
  },
})

export const openApiDocument = (
  collections: readonly CaseCollection[],
  options: {
    readonly pagePaths?: readonly string[]
    readonly calendar?: boolean
    readonly metrics?: 'open' | 'token' | 'off'
    /** The event types a webhook may subscribe to: the webhook routes are mounted. */
    readonly webhookEventTypes?: readonly string[]
    /** The processes' refusals are mounted (`/api/v1/admin/processes/refusals`). */
    readonly processRefusals?: boolean
  } = {},
): Json => ({
  openapi: '3.1.0',
  info: {
    title: 'gridcase',
    version: '0.1.0',
    description:
      'Complaints (诉求), disputes (矛盾纠纷) and 三调联动 mediation as event-sourced cases. Errors are RFC 9457 problems. ' +
      'Every route takes only the query parameters it lists: another is 400 at `query.<name>` (one beginning with `_`, a cache-buster, passes; ' +
      'a listed one given twice is 400), commands included (they take none). /healthz and /metrics alone take any query (polled by infrastructure). ' +
      'Any route may answer 503 `unavailable` with `Retry-After: 1` while the database does not answer (PostgreSQL restarting or unreachable): nothing was decided, try again.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  ...(options.webhookEventTypes === undefined ? {} : { webhooks: webhookDeliveries() }),
  paths: {
    ...Object.assign({}, ...collections.map(collectionPaths)),
    '/api/v1/dashboard': {
      get: {
        tags: ['dashboard'],
        operationId: 'dashboard',
        summary: 'counts, overdue, rates within a jurisdiction, for a period, as of a time',
        parameters: [
          query('jurisdiction', 'scope (default: the actor’s)'),
          query('from', 'period start (ISO)', { type: 'string', format: 'date-time' }),
          query('to', 'period end (ISO)', { type: 'string', format: 'date-time' }),
          query('asOf', 'as of this time (ISO)', { type: 'string', format: 'date-time' }),
          query('depth', 'levels of the jurisdiction tree below the prefix, 0–4 (default 2)', { type: 'integer', minimum: 0, maximum: 4 }),
          query('dueSoon', 'share of its time left under which a deadline is due soon (临期), default 0.2', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }),
          EXCLUSIONS_AFTER,
        ],
        responses: {
          '200': json('counts, overdue, 三率, resolution levels, mediation, unit evaluation, risk grades; each jurisdiction code with its registry name beside it (jurisdictionName; name on tree nodes). Counts are the jurisdiction’s (figuresOf); the lists (overdue and due-soon items, risk items, exclusions) name only cases the reader may open. 403 to a department officer, a mediator and a court clerk (docs/HTTP.md “Figures by role”)', {
            type: 'object',
            required: ['filter', 'asOf', 'position', 'counts', 'overdue', 'rates', 'resolutionLevels', 'mediation', 'units', 'exclusions', 'exclusionsPage', 'risk'],
            properties: {
              filter: {
                type: 'object',
                description: 'what was asked (the defaults filled in)',
                required: ['jurisdiction', 'from', 'to', 'asOf', 'depth'],
                properties: { jurisdiction: { type: ['string', 'null'] }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, asOf: { type: ['string', 'null'] }, depth: count },
              },
              asOf: { type: ['string', 'null'], format: 'date-time' },
              position: { type: 'integer', minimum: -1, description: 'the last global position the figures take in' },
              counts: COUNTS,
              overdue: OVERDUE,
              rates: RATES,
              resolutionLevels: RESOLUTION_LEVELS,
              mediation: MEDIATION_FIGURES,
              units: { type: 'array', description: 'the unit evaluation of the period, in rank order', items: UNIT_FIGURES },
              risk: RISK_FIGURES,
              exclusions: EXCLUSIONS,
              exclusionsPage: EXCLUSIONS_PAGE,
              figuresOf: FIGURES_OF,
            },
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/committees': {
      get: {
        tags: ['disputes'],
        operationId: 'committees',
        summary: 'the mediation centres and committees where the actor works (from the committee file)',
        responses: { '200': json('centres and committees', COMMITTEES), ...errors(400, 401) },
      },
    },
    '/api/v1/evaluation': {
      get: {
        tags: ['dashboard'],
        operationId: 'evaluation',
        summary: '考核: each handling unit’s figures for a month, quarter or year; Accept: text/csv for a CSV file (UTF-8 with BOM)',
        parameters: [
          query('jurisdiction', 'scope (default: the actor’s)'),
          { name: 'period', in: 'query', required: true, description: 'a month (2026-03), a quarter (2026-Q1) or a year (2026), China time', schema: { type: 'string', pattern: '^\\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$' } },
          EXCLUSIONS_AFTER,
          AS_OF_ASSESSMENT,
        ],
        responses: {
          '200': {
            description: 'the unit evaluation',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['jurisdiction', 'name', 'period', 'kind', 'from', 'to', 'weights', 'rateWeights', 'units', 'exclusions', 'exclusionsPage'],
                  properties: {
                    jurisdiction: { type: 'string' },
                    name: nameOrNull,
                    weights: WEIGHTS,
                    rateWeights: RATE_WEIGHTS,
                    period: { type: 'string' },
                    kind: { type: 'string', enum: ['month', 'quarter', 'year'] },
                    from: { type: 'string', format: 'date-time' },
                    to: { type: 'string', format: 'date-time' },
                    asOf: { type: ['string', 'null'], format: 'date-time' },
                    units: { type: 'array', description: 'in rank order (best first; unscored last)', items: UNIT_FIGURES },
                    unassigned: {
                      type: 'object',
                      required: ['overdue'],
                      properties: {
                        overdue: { type: 'object', additionalProperties: count, description: 'the deadlines in the scope overdue now that no unit answers for, by kind: a dispute not routed (mediation), a clerk’s entrustment not routed (receipt), the court’s (court-accept, court-decide), the parties’ (confirmation), the dispatcher’s (dispatch, 派单) and the accepting office’s (accept, a 信访 handling period before dispatch) (docs/kpis.md)' },
                      },
                    },
                    exclusions: EXCLUSIONS,
                    exclusionsPage: EXCLUSIONS_PAGE,
                    figuresOf: FIGURES_OF,
                  },
                },
              },
              'text/csv': { schema: { type: 'string', description: 'one row per unit, headers in Chinese and English' } },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/ranking': {
      get: {
        tags: ['dashboard'],
        operationId: 'ranking',
        summary: '考核排名: the children of a jurisdiction (streets of a district, communities of a street) ranked by composite score for a period',
        parameters: [query('jurisdiction', 'the parent (default: the actor’s scope)'), PERIOD_PARAM, AS_OF_ASSESSMENT],
        responses: {
          '200': json('the ranking', {
            type: 'object',
            required: ['jurisdiction', 'name', 'period', 'kind', 'from', 'to', 'asOf', 'weights', 'rateWeights', 'total', 'children'],
            properties: {
              jurisdiction: { type: 'string' },
              name: nameOrNull,
              period: { type: 'string' },
              kind: { type: 'string', enum: ['month', 'quarter', 'year'] },
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              asOf: { type: 'string', format: 'date-time' },
              weights: WEIGHTS,
              rateWeights: RATE_WEIGHTS,
              figuresOf: FIGURES_OF,
              total: { type: 'object', description: 'the parent’s own figures and score', properties: { ...PLACE_FIGURES, score: { type: ['number', 'null'] } } },
              children: {
                type: 'array',
                description: 'best first; equal scores share a rank; unscored last',
                items: {
                  type: 'object',
                  required: ['jurisdiction', 'name', 'level', 'score', 'coverage', 'rank'],
                  properties: {
                    jurisdiction: { type: 'string' },
                    name: nameOrNull,
                    level: { type: 'string', enum: ['city', 'district', 'street', 'community', 'grid'] },
                    ...PLACE_FIGURES,
                    score: { type: ['number', 'null'], minimum: 0, maximum: 100 },
                    coverage: { type: 'number', minimum: 0, maximum: 1 },
                    rank: { type: ['integer', 'null'], minimum: 1 },
                  },
                },
              },
            },
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/trends': {
      get: {
        tags: ['dashboard'],
        operationId: 'trends',
        summary: '逐月趋势: the 三率 and timeliness month by month, and intake and missed deadlines day by day, up to now',
        parameters: [
          query('jurisdiction', 'scope (default: the actor’s)'),
          query('months', 'months up to this one, 1–24 (default 12)', { type: 'integer', minimum: 1, maximum: 24 }),
          query('days', 'days up to today, 1–90 (default 30)', { type: 'integer', minimum: 1, maximum: 90 }),
          query('asOf', 'as of this time (ISO; default now): the months and days up to the one it falls in (China time), each with its figures as they stood then', { type: 'string', format: 'date-time' }),
        ],
        responses: {
          '200': json('the trends', {
            type: 'object',
            required: ['jurisdiction', 'name', 'asOf', 'weights', 'rateWeights', 'months', 'days'],
            properties: {
              jurisdiction: { type: 'string' },
              name: nameOrNull,
              asOf: { type: 'string', format: 'date-time' },
              weights: WEIGHTS,
              rateWeights: RATE_WEIGHTS,
              figuresOf: FIGURES_OF,
              months: {
                type: 'array',
                description: 'oldest first',
                items: {
                  type: 'object',
                  required: ['period', 'from', 'to', 'score'],
                  properties: { period: { type: 'string' }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, ...PLACE_FIGURES, score: { type: ['number', 'null'] } },
                },
              },
              days: {
                type: 'array',
                description: 'oldest first, China calendar days',
                items: {
                  type: 'object',
                  required: ['date', 'complaints', 'disputes', 'intake', 'overdue'],
                  properties: {
                    date: { type: 'string', format: 'date' },
                    complaints: count,
                    disputes: count,
                    intake: { ...count, description: 'cases opened that day' },
                    overdue: { ...count, description: 'acknowledge (签收) and result (办结) deadlines that fell due that day and were missed (met late, or still open)' },
                  },
                },
              },
            },
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/jurisdictions': {
      get: {
        tags: ['dashboard'],
        operationId: 'jurisdictions',
        summary: '辖区名册: the registry’s places at or under a scope, with their names and levels',
        parameters: [query('under', 'scope (default: the actor’s); outside it: 403')],
        responses: {
          '200': json('the places, in code order (a tree read top-down)', {
            type: 'object',
            required: ['under', 'items'],
            properties: {
              under: { type: 'string' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['code', 'name', 'level', 'parent'],
                  properties: { code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string', enum: ['city', 'district', 'street', 'community', 'grid'] }, parent: { type: ['string', 'null'] } },
                },
              },
            },
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    '/api/v1/events': {
      get: {
        tags: ['audit'],
        operationId: 'events',
        summary: 'the global log from a position; with Accept: text/event-stream, live (Server-Sent Events)',
        parameters: [
          query('from', 'first global position', { type: 'integer', minimum: 0 }),
          query('limit', 'page size, 1–100', { type: 'integer', minimum: 1, maximum: 100 }),
          header('Last-Event-ID', 'resume a live stream after this position'),
        ],
        responses: {
          '200': {
            description: 'a page of events, or a live stream',
            content: { 'application/json': { schema: eventPage }, 'text/event-stream': { schema: { type: 'string', description: 'Server-Sent Events: `id:` the position, `event:` the type, `data:` one event as on a page (with streamId); heartbeat comments' } } },
          },
          ...errors(400, 401, 403, 503),
        },
      },
    },
    '/api/v1/audit/verify': {
      get: {
        tags: ['audit'],
        operationId: 'audit-verify',
        parameters: [query('full', 'every call verifies from position 0; true: wait for a run that starts after this call instead of joining one under way', { type: 'boolean' })],
        summary: 're-computes the hash chain of every case in scope; reports the first broken link of each; re-hashes every attached file the cases name',
        responses: { '200': json('the verification result', verifySchema), ...errors(400, 401, 403) },
      },
    },
    '/api/v1/audit/heads': {
      get: {
        tags: ['audit'],
        operationId: 'audit-heads',
        summary: 'signed tree heads of the whole log (RFC 9162 Merkle tree), in tree-size order: what an auditor keeps as a receipt',
        parameters: [
          query('from', 'smallest tree size', { type: 'integer', minimum: 0 }),
          query('limit', 'page size, 1–100 (default 100)', { type: 'integer', minimum: 1, maximum: 100 }),
        ],
        responses: {
          '200': json('a page of signed heads and the public key they verify with', {
            type: 'object',
            required: ['heads'],
            additionalProperties: false,
            properties: {
              heads: { type: 'array', items: headRef },
              next: { type: 'integer', minimum: 0, description: 'the tree size the next page starts at (absent on the last page)' },
              publicKey: { type: 'string', description: 'the Ed25519 public key (PEM, SPKI) that signs new heads' },
              keyId: hex64('hex SHA-256 of the raw public key'),
            },
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    '/api/v1/audit/proof': {
      get: {
        tags: ['audit'],
        operationId: 'audit-proof',
        summary: 'inclusion proof (position and head) of an event in a signed tree, or consistency proof (from and to) between two signed trees (RFC 9162 §2.1.3, §2.1.4)',
        parameters: [
          query('position', 'inclusion: the event’s global position', { type: 'integer', minimum: 0 }),
          query('head', 'inclusion: the tree size of a signed head', { type: 'integer', minimum: 1 }),
          query('from', 'consistency: the tree size of the earlier signed head', { type: 'integer', minimum: 0 }),
          query('to', 'consistency: the tree size of the later signed head', { type: 'integer', minimum: 0 }),
        ],
        responses: {
          '200': json('the proof, with the signed heads it is checked against', {
            oneOf: [
              {
                type: 'object',
                title: 'InclusionProof',
                required: ['position', 'leafIndex', 'treeSize', 'leafHash', 'path', 'streamId', 'version', 'hash', 'head'],
                additionalProperties: false,
                properties: {
                  position: { type: 'integer', minimum: 0 },
                  leafIndex: { type: 'integer', minimum: 0, description: 'the event’s place among the tree’s leaves (commit order)' },
                  treeSize: { type: 'integer', minimum: 1 },
                  leafHash: hex64('H(0x00 ‖ leaf), the leaf being canonicalJson({hash, position, streamId, version})'),
                  path: { type: 'array', items: hex64('a subtree hash, nearest the leaf first'), description: 'PATH(leafIndex, D[treeSize])' },
                  streamId: { type: 'string' },
                  version: { type: 'integer', minimum: 0 },
                  hash: hex64('the event’s chain hash'),
                  head: headRef,
                },
              },
              {
                type: 'object',
                title: 'ConsistencyProof',
                required: ['first', 'second', 'path', 'from', 'to'],
                additionalProperties: false,
                properties: {
                  first: { type: 'integer', minimum: 0 },
                  second: { type: 'integer', minimum: 0 },
                  path: { type: 'array', items: hex64('a subtree hash'), description: 'PROOF(first, D[second])' },
                  from: headRef,
                  to: headRef,
                },
              },
            ],
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    ...attachmentPaths(),
    ...(options.calendar === true ? calendarPaths() : {}),
    ...(options.webhookEventTypes === undefined ? {} : webhookPaths()),
    ...(options.processRefusals === true ? processRefusalPaths() : {}),
    '/openapi.json': { get: { operationId: 'openapi', security: [], summary: 'this document', responses: { '200': json('OpenAPI 3.1', { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } } }), ...errors(400) } } },
    '/healthz': {
      get: {
        operationId: 'healthz',
        security: [],
        summary: 'liveness and store reachability, and nothing else',
        description: 'takes any query (load balancers may add their own parameters)',
        responses: {
          '200': json('ok', { type: 'object', required: ['status'], properties: { status: { const: 'ok' } }, additionalProperties: false }),
          '503': json('unhealthy', { type: 'object', required: ['status'], properties: { status: { const: 'unavailable' } }, additionalProperties: false }),
        },
      },
    },
    ...((options.metrics ?? 'open') === 'off'
      ? {}
      : {
          '/metrics': {
            get: {
              operationId: 'metrics',
              ...(options.metrics === 'token' ? { security: [{ metricsToken: [] }] } : { security: [] }),
              summary: 'Prometheus metrics',
              description: 'takes any query (Prometheus may add its own parameters, such as `name[]`)',
              responses: {
                '200': { description: 'text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } },
                ...(options.metrics === 'token' ? errors(401) : {}),
              },
            },
          },
        }),
    ...Object.fromEntries(
      (options.pagePaths ?? []).map((path) => [
        path,
        {
          get: {
            operationId: path === '/' ? 'page' : `page-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`,
            security: [],
            summary: path === '/' ? 'the dashboard page' : 'an asset of the dashboard page',
            // What the page's script reads from its own address; an asset takes no query.
            ...(path === '/'
              ? {
                  parameters: [
                    query('token', 'a bearer token, moved at once into sessionStorage and out of the address'),
                    query('jurisdiction', 'the place shown (default: the token’s scope)'),
                    query('period', 'the 考核 period shown (2026-03, 2026-Q1, 2026)'),
                  ],
                }
              : {}),
            responses: { '200': { description: 'the page or its asset' }, ...errors(400) },
          },
        },
      ]),
    ),
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' } },
    schemas: {
      ...(options.webhookEventTypes === undefined ? {} : webhookSchemas(options.webhookEventTypes)),
      ...(options.processRefusals === true ? { ProcessRefusal: refusalSchema } : {}),
      SignedTreeHead: {
        type: 'object',
        description: 'a tree head signed with Ed25519 over canonicalJson({format: "gridcase-tree-head/1", keyId, rootHash, timestamp, treeSize})',
        required: ['treeSize', 'rootHash', 'timestamp', 'keyId', 'signature'],
        additionalProperties: false,
        properties: {
          treeSize: { type: 'integer', minimum: 0, description: 'events in the log the head covers' },
          rootHash: hex64('RFC 9162 Merkle tree hash of the first treeSize leaves'),
          timestamp: { type: 'string', format: 'date-time', description: 'when the server signed it' },
          keyId: hex64('hex SHA-256 of the raw Ed25519 public key that signed it'),
          signature: { type: 'string', contentEncoding: 'base64', description: 'Ed25519 signature' },
        },
      },
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string', description: 'urn:gridcase:problem:<code>' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  },
})
