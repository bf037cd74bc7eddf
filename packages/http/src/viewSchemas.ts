// The JSON Schemas of what the case routes answer (the case view, a list page, a history, a page of the event log), for
// /openapi.json. They describe what a reader gets, not what a command takes: masked values ('王*', '138****1234'),
// "erased" and "unreadable" are strings like the values they stand for, so fields are typed, not patterned, and a view
// may carry fields a later release adds (no additionalProperties: false).
import { COMPLAINT_STATUSES } from '@gridcase/core/complaint'
import { DISPUTE_STATUSES } from '@gridcase/core/dispute'

type Json = Record<string, unknown>

const str: Json = { type: 'string' }
const int: Json = { type: 'integer', minimum: 0 }
const bool: Json = { type: 'boolean' }
const time = (description?: string): Json => ({ type: 'string', ...(description === undefined ? {} : { description }) })
const obj = (properties: Record<string, Json>, required: readonly string[] = [], description?: string): Json => ({
  type: 'object',
  ...(description === undefined ? {} : { description }),
  ...(required.length === 0 ? {} : { required }),
  properties,
})
const list = (items: Json, description?: string): Json => ({ type: 'array', items, ...(description === undefined ? {} : { description }) })

const level: Json = { type: 'string', enum: ['city', 'district', 'street', 'community', 'grid'] }
const unit = obj({ id: str, name: str, level, jurisdiction: str, department: str }, ['id', 'level', 'jurisdiction'], 'a handling unit (承办单位)')
const attachment = obj({ sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, kind: str, caption: str }, ['sha256', 'kind'], 'a file by hash: GET /api/v1/attachments/{sha256}')
const stamp = obj({ id: str, version: str, provisional: bool, from: str, days: { type: 'number' }, unit: str, hours: { ...bool, description: 'counted in hours, falling at 23:59:59 China time: an instant there, not a day running to 24:00' } }, ['id', 'version'], 'how a deadline was counted with the calendar')
const stamps = list(stamp)
/** 并案: what a resident reads of the case its own merged complaint is handled in (its view and its list entry only). */
const mergedCase = obj(
  {
    status: { type: 'string', enum: [...COMPLAINT_STATUSES], description: 'the primary’s status now' },
    result: obj(
      { text: { ...str, description: 'masked of the primary’s people (names, phone and id numbers, addresses)' }, outcome: { type: 'string', enum: ['resolved', 'explained', 'unresolvable'] }, submittedAt: str },
      ['text', 'outcome', 'submittedAt'],
    ),
    mediation: obj(
      {
        outcome: { type: 'string', enum: ['agreement', 'failed', 'litigation', 'declined'] },
        concludedAt: str,
        latest: obj(
          { outcome: { type: 'string', enum: ['agreement', 'failed', 'litigation', 'declined', 'confirmation-rejected'] }, at: str },
          ['outcome', 'at'],
          'what the dispute came to after that conclusion (the court’s rejection of the agreement, a new agreement, litigation), the latest',
        ),
      },
      ['outcome', 'concludedAt'],
    ),
    rejectionReason: { ...str, description: 'the primary was not accepted (不予受理): why, masked' },
    notifiedAt: time('when the primary’s result was notified (结果反馈)'),
    closedAt: str,
    updatedAt: str,
  },
  ['status'],
  '并案: for the resident reading its own merged complaint only, the case it was merged into (followed through a primary merged in turn) as it is now — its progress and result, masked of its people; nothing else of it (not its complainant or account); the primary itself stays 404 to the resident',
)
/** A case's running deadlines as of the server's now, and where each stands (临期 / 超期): GET of the case only. */
const runningDeadlines = obj(
  {
    asOf: time('the server’s now, as of which each standing is given'),
    dueSoonShare: { type: 'number', description: '临期 once at most this share of a deadline’s time is left (the dashboard’s default, 0.2)' },
    items: list(
      obj(
        {
          kind: { type: 'string', description: 'accept, dispatch, acknowledge, result, arrival, mediation, confirmation, court-accept, court-decide, receipt (the overdue list’s kinds)' },
          deadline: time('when it falls (a day deadline: 23:59:59 China time of its day)'),
          from: time('since when its time runs: the start of its 临期 window'),
          standing: { type: 'string', enum: ['running', 'due-soon', 'overdue'], description: '超期 once closed (a day deadline at 24:00 China time); else 临期 with at most dueSoonShare of its time left' },
          since: time('since when it is due soon or overdue (absent while running)'),
        },
        ['kind', 'deadline', 'from', 'standing'],
      ),
      'in the overdue list’s order; empty when none runs',
    ),
  },
  ['asOf', 'dueSoonShare', 'items'],
  'the deadlines running on the case now and where each stands (GET of the case, not as of a version or a time, nor a command’s answer)',
)
const actor = obj(
  { id: str, role: str, jurisdiction: str, department: str, track: str, committee: str, court: str, name: str },
  ['id', 'role', 'jurisdiction'],
  'who did it (a 举报’s reporter, or an anonymous complaint’s complainant, for whoever may not know who raised it: `{ id: "reporter", role: "resident", jurisdiction }`)',
)

/** What every case view carries beside its own fields. */
const envelope = (caseType: string): Record<string, Json> => ({
  id: { type: 'string', format: 'uuid' },
  caseType: { const: caseType },
  version: { ...int, description: 'the case’s version: W/"N" in its ETag' },
})

/** Any case type's view: its state's fields, and the envelope. */
export const genericView = (caseType: string): Json => ({
  type: 'object',
  description: `the ${caseType} as the reader may see it: its state’s fields, personal data masked unless the reader’s role needs it`,
  required: ['id', 'caseType', 'version'],
  properties: envelope(caseType),
})

/** 诉求: the complaint view (core's ComplaintCase). */
export const complaintView: Json = {
  type: 'object',
  description: 'the complaint as the reader may see it (personal data masked unless the role needs it; a resident reads its own in full)',
  required: ['id', 'caseType', 'version', 'status', 'channel', 'kind', 'category', 'urgency', 'title', 'description', 'jurisdiction', 'complainant', 'policy', 'registeredAt', 'updatedAt', 'round', 'coHandlers', 'summoned', 'extended', 'returns', 'reopenings', 'urgings', 'notes', 'callbacks'],
  properties: {
    ...envelope('complaint'),
    status: { type: 'string', enum: [...COMPLAINT_STATUSES] },
    channel: str,
    kind: { type: 'string', enum: ['consultation', 'help', 'complaint', 'report', 'suggestion'] },
    category: str,
    urgency: { type: 'string', enum: ['normal', 'urgent'] },
    title: str,
    description: str,
    jurisdiction: str,
    address: str,
    source: { type: 'string', enum: ['complainant', 'patrol'], description: 'patrol: 巡查发现, no complainant' },
    photos: list(str, 'sha-256 references'),
    location: obj({ longitude: { type: 'number' }, latitude: { type: 'number' } }, ['longitude', 'latitude']),
    complainant: obj({ name: str, phone: str, idNumber: str, residentId: str }, [], 'empty for an anonymous case or a patrol finding'),
    attachments: list(attachment),
    ownerId: { ...str, description: 'the resident whose case it is (absent on a 举报 or an anonymous complaint for whoever may not know who raised it)' },
    policy: str,
    registeredAt: time(),
    updatedAt: time(),
    acceptBy: time('受理 deadline (信访)'),
    acceptedAt: time(),
    dispatchBy: time('派单 deadline: the dispatcher’s, set at acceptance and at each 退单, running while the case is accepted or returned (then the deadline its dispatch met)'),
    rejectionReason: str,
    round: { ...int, description: '1 at the first dispatch, +1 per 重办' },
    lead: unit,
    firstLead: unit,
    acknowledgeBy: time('签收 deadline'),
    resultBy: time('办结 deadline'),
    acknowledgedAt: time(),
    coHandlers: list(obj({ unit, task: str, reportedAt: str, report: str, attachments: list(attachment) }, ['unit'])),
    summoned: list(
      obj(
        {
          unit, by: unit, arrivedAt: str, reportBy: str, counted: stamp,
          part: obj({ report: str, at: str, photos: list(str) }, ['report', 'at']),
          rating: obj({ rating: str, comment: str, at: str }, ['rating', 'at']),
        },
        ['unit'],
      ),
      '吹哨报到: the departments summoned',
    ),
    pendingExtension: obj({ days: int, reason: str, requestedAt: str }, ['days', 'reason', 'requestedAt']),
    extended: bool,
    extension: obj({ days: int, dayUnit: str, round: int, returns: int }, ['days', 'dayUnit', 'round', 'returns']),
    mediation: obj(
      {
        disputeId: str,
        outcome: { type: 'string', enum: ['agreement', 'failed', 'litigation', 'declined'] },
        concludedAt: str,
        latest: obj(
          { disputeId: str, outcome: { type: 'string', enum: ['agreement', 'failed', 'litigation', 'declined', 'confirmation-rejected'] }, at: str },
          ['disputeId', 'outcome', 'at'],
          'what the dispute came to after that conclusion (ComplaintMediationUpdated), the latest; the conclusion stays the result',
        ),
        earlier: { ...list(str), description: 'disputes concluded before this one (the complaint referred again after a 重办)' },
      },
      ['disputeId', 'outcome', 'concludedAt'],
    ),
    result: obj(
      { unit, text: str, outcome: { type: 'string', enum: ['resolved', 'explained', 'unresolvable'] }, submittedAt: str, onTime: bool, actingUnit: unit, photos: list(str), onTheSpot: bool, attachments: list(attachment) },
      ['unit', 'text', 'outcome', 'submittedAt', 'onTime'],
    ),
    notified: obj({ at: str, method: str }, ['at', 'method']),
    evaluation: obj({ rating: str, comment: str, unit, level }, ['rating']),
    returns: int,
    reopenings: int,
    urgings: int,
    notes: int,
    callbacks: int,
    callback: obj({ at: str, reached: bool, declined: bool, contacted: bool, solved: str, satisfaction: str }, ['at', 'reached']),
    exclusion: obj({ status: { type: 'string', enum: ['pending', 'approved', 'rejected'] }, ground: str, unit }, ['status', 'ground', 'unit']),
    mergedInto: str,
    mergedCase,
    supplements: list(obj({ at: str, text: str, attachments: list(attachment) }, ['at']), '补充: in order'),
    disputeId: { ...str, description: 'the dispute it is referred to, while it is' },
    referrals: int,
    referredFrom: str,
    closedAs: { type: 'string', enum: ['evaluated', 'no-evaluation', 'answered', 'resolved-on-the-spot', 'verified'] },
    closedAt: str,
    counted: obj({ accept: stamps, dispatch: stamps, result: stamps, acknowledge: stamps }),
    runningDeadlines,
  },
}

/** 矛盾纠纷: the dispute view (core's DisputeState). */
export const disputeView: Json = {
  type: 'object',
  description: 'the dispute as the reader may see it (personal data masked unless the role needs it; a resident party reads its own in full)',
  required: ['id', 'caseType', 'version', 'status', 'jurisdiction', 'parties', 'summary', 'extensions', 'sessions', 'transfers', 'consents', 'followedUp'],
  properties: {
    ...envelope('dispute'),
    status: { type: 'string', enum: DISPUTE_STATUSES.filter((s) => s !== 'none') },
    source: { type: 'string', enum: ['party-application', 'screening', 'referral', 'court-entrusted'] },
    category: str,
    jurisdiction: str,
    parties: list(obj({ side: { type: 'string', enum: ['applicant', 'respondent'] }, name: str, phone: str, idNumber: str, address: str, residentId: str }, ['side', 'name'])),
    summary: str,
    reportedOn: str,
    complaintId: str,
    court: str,
    courtCaseNumber: str,
    stage: { type: 'string', enum: ['pre-filing', 'filed'] },
    procedure: { type: 'string', enum: ['ordinary', 'simplified'] },
    reportedToCourt: list(obj({ outcome: str, onTime: bool }, ['outcome'])),
    ownerId: str,
    track: { type: 'string', enum: ['people', 'administrative', 'judicial'] },
    mediator: obj({ id: str, jurisdiction: str, name: str }, ['id', 'jurisdiction']),
    mediationDeadline: str,
    receiptDeadline: str,
    extensions: int,
    sessions: int,
    transfers: list(obj({ hop: int, from: str, to: str, reason: str }, ['hop', 'from', 'to', 'reason'])),
    agreement: obj(
      {
        track: str,
        form: str,
        terms: list(str),
        signatures: list(obj({ party: str, signedOn: str }, ['party', 'signedOn'])),
        effectiveOn: str,
        performBy: { ...str, description: '履行期限: the date by which the terms are to be performed (the last instalment’s), when one was entered' },
        confirmationDeadline: str,
        concerns: str,
      },
      ['track', 'form', 'terms', 'effectiveOn'],
    ),
    attachments: list({ ...attachment, properties: { ...(attachment['properties'] as Json), attachedBy: str }, required: ['sha256', 'kind', 'attachedBy'] }),
    failureReason: str,
    consents: list(str, 'the parties who consented to apply for 司法确认'),
    consentsSignedOn: list(
      obj({ party: str, signedOn: { ...str, description: 'YYYY-MM-DD, China date' } }, ['party', 'signedOn']),
      'the day each party signed its consent, for the consents recorded with one (signedOn); the party masked as in consents; absent when none was',
    ),
    confirmation: obj(
      {
        applicant: str,
        court: str,
        filedOn: { ...str, description: 'the day (YYYY-MM-DD, China date) the court received the application, when it was recorded later: its 30 days and the court’s 3 days run from it; absent when not given' },
        courtDecisionDeadline: str,
        caseNumber: str,
        acceptance: str,
        decideBy: str,
        reviewExtended: bool,
        outcome: str,
        reason: str,
        applyAgainBy: str,
        refusedOn: { ...str, description: 'refused (不予受理): the China date (YYYY-MM-DD) of the refusal — a new application is filed, and its consent signed, not before it; absent on refusals recorded before it was named' },
        enforcementBy: {
          ...str,
          description:
            'confirmed: the end (24:00 China time of that day) of the parties’ 2 years to apply for enforcement (申请执行的期间, 民事诉讼法 art. 250); a reminder for the parties, on no overdue list; absent on confirmations recorded before it was named',
        },
      },
      ['applicant', 'court', 'courtDecisionDeadline'],
    ),
    fulfilment: { type: 'object', description: 'how the agreement was carried out' },
    enforcementApplied: { const: true, description: 'an application for enforcement (申请强制执行) was recorded; present from then on, after a follow-up visit too' },
    followedUp: bool,
    outcome: str,
    litigationAfterClose: {
      const: true,
      description: '引导诉讼 recorded after the case was closed on its agreement (人民调解法 art. 32: a suit over an unconfirmed agreement, its performance or its content — performed in full too); the case stays closed with its outcome. Absent otherwise',
    },
    risk: obj({ grade: { type: 'string', enum: ['low', 'medium', 'high'] }, reason: str }, ['grade', 'reason'], '风险研判, staff’s: absent for a resident party (as escalatedTo)'),
    escalatedTo: { ...str, description: 'the street a high risk was escalated to; absent for a resident party' },
    committee: obj({ id: str, name: str, kind: str, track: str }, ['id', 'name', 'kind', 'track']),
    onTheSpot: bool,
    counted: { type: 'object', additionalProperties: stamps, description: 'by deadline kind' },
    runningDeadlines,
  },
}

/** The case as of a time before it existed. */
export const notYetView = (caseType: string): Json => ({
  type: 'object',
  description: 'the case did not exist yet at asOf',
  properties: { exists: { const: false }, id: { type: 'string', format: 'uuid' }, caseType: { const: caseType }, asOf: { type: 'string', format: 'date-time' } },
  required: ['exists', 'id', 'caseType', 'asOf'],
  additionalProperties: false,
})

/** A page of a case list: the view (masked for everyone) with what the list adds. */
export const listPage = (view: Json): Json => ({
  type: 'object',
  required: ['items', 'next'],
  properties: {
    items: {
      type: 'array',
      description: 'newest first; personal data masked',
      items: {
        allOf: [
          view,
          obj(
            {
              jurisdictionName: { type: ['string', 'null'], description: 'the registry’s name of the jurisdiction, null when unnamed' },
              overdue: { ...bool, description: 'a running deadline has passed' },
              dueSoon: { ...bool, description: '临期: a running deadline not yet passed has at most 20% of its time left (the case view’s runningDeadlines rule; a case may be both overdue and due soon)' },
              openedAt: time('when the log recorded the case’s opening (the list’s order; for an imported case the import’s time, its registeredAt the original)'),
              updatedAt: time('when the case last moved: a complaint’s own, as its view shows it; a case type whose view has none (a dispute): when the latest event that changed it happened (not a 临期 or 超期 reminder; an imported event at its step’s time)'),
            },
            ['overdue', 'dueSoon', 'openedAt'],
          ),
        ],
      },
    },
    next: { type: ['string', 'null'], description: 'pass as cursor for the next page (null: the last page)' },
  },
})

/** One event as a history shows it (core's HistoryEntry). */
const historyEntryProperties: Record<string, Json> = {
  version: { ...int, description: 'the case’s version after it' },
  position: { ...int, description: 'its global position in the log' },
  eventId: { type: 'string', format: 'uuid' },
  type: { ...str, description: 'the event type, e.g. ComplaintRegistered' },
  at: time('when it happened (the command’s time)'),
  recordedAt: time('when the store wrote it'),
  actor,
  commandId: str,
  correlationId: str,
  causationId: str,
  reason: { ...str, description: 'the reason a person gave, when the event carries one' },
  data: { type: 'object', description: 'the event’s data, as its type defines it (masked as the reader’s view of the case is)' },
  prevHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'the hash of the event before it on the case (hash chain)' },
  hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
}
const historyEntryRequired = ['version', 'position', 'eventId', 'type', 'at', 'recordedAt', 'actor', 'commandId', 'correlationId', 'causationId', 'prevHash', 'hash']

export const historySchema = (caseType: string): Json =>
  obj(
    { ...envelope(caseType), events: list(obj(historyEntryProperties, historyEntryRequired), 'oldest first') },
    ['id', 'caseType', 'version', 'events'],
    'every event of the case with actor, times, reason and hash-chain links',
  )

/** A page of the global log (`GET /api/v1/events`). */
export const eventPage: Json = obj(
  {
    events: list(obj({ streamId: { ...str, description: 'the case, e.g. complaint-<id>' }, ...historyEntryProperties }, ['streamId', ...historyEntryRequired]), 'in log order, only the cases the reader may read, personal data masked'),
    next: { ...int, description: 'the position to read from next (from=)' },
    more: { ...bool, description: 'more events follow' },
  },
  ['events', 'next', 'more'],
)
