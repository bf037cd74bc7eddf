// A mediation centre's client (矛盾纠纷化解联合服务中心): walks one property dispute through
// 三调联动 over HTTP with plain fetch — each person with their own JWT, every command sent with
// If-Match (the version the client saw) and an Idempotency-Key (so a retry never acts twice).
//
//   a 12345 complaint referred to mediation (诉调对接) → the server's referral process opens the dispute →
//   people's mediation (community committee) fails → transferred to administrative mediation
//   (the district housing bureau) → written agreement there → joint application for judicial
//   confirmation (司法确认: one party consents, the other applies) → the court accepts and confirms →
//   fulfilment → follow-up visit → closed; the agreement comes back on the complaint as its result, and the
//   12345 hotline tells the complainant and calls back (回访).
//
// An administrative-mediation agreement can be judicially confirmed as a people's one can:
// 民事诉讼法 art. 205 (2023 numbering; 201 in 2021) covers agreements of lawfully established mediation organisations, and
// 法发〔2009〕45号 art. 20 names administrative mediation (gridcase's CONFIRMABLE_TRACKS). So the case
// stays with the housing bureau; only a judicial-track agreement (the court's own 调解书) needs none.
//
// Run by hand (after `npm run build`):
//   npx tsx examples/mediation-centre/main.ts
//     starts a server in-process (SQLite in a temp folder) and walks the case against it;
//   GRIDCASE_URL=http://localhost:8080 GRIDCASE_JWT_SECRET=$(cat data/dev-jwt-secret) npx tsx examples/mediation-centre/main.ts   (a server started with --demo)
//     walks it against a running `npm start` (the tokens are signed with the server's secret).
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { createHash, randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { startLocalServer } from './server.js'

export interface MediationCentreOptions {
  /** The gridcase server, e.g. `http://localhost:8080`. */
  readonly baseUrl: string
  /** A bearer token for an actor: from your login service (here: signed with the server's secret). */
  readonly token: (actor: Actor) => Promise<string>
  readonly print?: (line: string) => void
}

/** The case as the API shows it (`GET /api/v1/disputes/{id}`), reduced to what this client reads. */
export interface DisputeView {
  readonly id: string
  readonly status: string
  readonly version: number
  readonly track?: string
  readonly agreement?: { readonly track: string; readonly form: string }
  readonly transfers: readonly { readonly hop: number; readonly from: string; readonly to: string; readonly reason: string }[]
}

export interface MediationCentreResult {
  readonly disputeId: string
  readonly final: DisputeView
  /** Event types from `GET …/history`, oldest first. */
  readonly history: readonly string[]
  /** Did the deliberate retry come back as a replay (header `Idempotent-Replayed`)? */
  readonly retryReplayed: boolean
  /** The status of the deliberately stale If-Match (412 expected). */
  readonly staleStatus: number
  /** The 12345 complaint the dispute came from, as the hotline last read it, and its history's event types. */
  readonly complaint: { readonly id: string; readonly final: ComplaintView; readonly history: readonly string[] }
}

/** The complaint as the API shows it (`GET /api/v1/complaints/{id}`), reduced to what this client reads. */
export interface ComplaintView {
  readonly id: string
  readonly status: string
  readonly disputeId?: string
  readonly mediation?: { readonly disputeId: string; readonly outcome: string }
  readonly result?: { readonly outcome: string }
  readonly callback?: { readonly reached: boolean; readonly contacted?: boolean; readonly solved?: string; readonly satisfaction?: string }
}

const DISTRICT = 'hohhot/saihan'
const STREET = `${DISTRICT}/wulanchabu-east-road`
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`

const people = {
  intake: { id: 'so-centre', role: 'street-officer', jurisdiction: STREET, name: '中心受理窗口' },
  communityMediator: { id: 'pm-xinhua', role: 'mediator', track: 'people', jurisdiction: COMMUNITY, name: '新华社区人民调解委员会' },
  housingMediator: { id: 'am-housing', role: 'mediator', track: 'administrative', jurisdiction: DISTRICT, name: '区住建局' },
  // The court's clerk records its decisions (受理, 确认) with the court's case number (案号).
  court: { id: 'clerk-saihan', role: 'court-clerk', jurisdiction: DISTRICT, name: '赛罕区人民法院' },
  gridWorker: { id: 'gw-017', role: 'grid-worker', jurisdiction: GRID, name: '17号网格员' },
  hotline: { id: 'op-12345', role: 'hotline-operator', jurisdiction: 'hohhot', name: '12345热线' },
} satisfies Record<string, Actor>

const mediatorRef = (a: Actor) => ({ id: a.id, jurisdiction: a.jurisdiction, ...(a.name === undefined ? {} : { name: a.name }) })

/** The China local date of an HTTP `Date` header: agreements are dated by the server's clock, not ours. */
const chinaDate = (httpDate: string | null): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    httpDate === null ? new Date() : new Date(httpDate),
  )

interface Answer {
  readonly status: number
  readonly etag: string | null
  readonly replayed: boolean
  readonly date: string | null
  readonly body: unknown
}

/** Walks one dispute through 三调联动 and returns what the server recorded. */
export const main = async (options: MediationCentreOptions): Promise<MediationCentreResult> => {
  const print = options.print ?? console.log

  const send = async (actor: Actor, method: 'GET' | 'POST', path: string, extra: { body?: unknown; ifMatch?: string; key?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await options.token(actor)}`, accept: 'application/json' }
    if (extra.body !== undefined) headers['content-type'] = 'application/json'
    if (extra.ifMatch !== undefined) headers['if-match'] = extra.ifMatch
    if (extra.key !== undefined) headers['idempotency-key'] = extra.key
    const res = await fetch(`${options.baseUrl}/api/v1/${path}`, {
      method,
      headers,
      ...(extra.body === undefined ? {} : { body: JSON.stringify(extra.body) }),
    })
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      replayed: res.headers.get('idempotent-replayed') === 'true',
      date: res.headers.get('date'),
      body: await res.json(),
    }
  }
  // Errors come back as application/problem+json: say what the server said.
  const ok = (what: string, answer: Answer): Answer => {
    if (answer.status >= 300) {
      const p = answer.body as { title?: string; detail?: string; errors?: unknown }
      throw new Error(`${what}: ${answer.status} ${p.title ?? ''} — ${p.detail ?? ''} ${p.errors === undefined ? '' : JSON.stringify(p.errors)}`)
    }
    return answer
  }

  /** Reads until `done` holds: the server's processes act just after the request that wrote what they react to. */
  const eventually = async (what: string, read: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer> => {
    const until = Date.now() + 20_000
    for (;;) {
      const answer = await read()
      if (done(answer)) return answer
      if (Date.now() > until) throw new Error(`${what}: not reached (${answer.status} ${JSON.stringify(answer.body)})`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  // 0. 诉调对接: a 12345 complaint about the leak, dispatched to the grid, is referred to mediation. The client names
  //    the dispute's id; the server's referral process opens it (source `referral`, both ids on both cases).
  //    The Idempotency-Key makes a retried POST name the same complaint instead of registering a second one.
  const registered = ok(
    'register',
    await send(people.hotline, 'POST', 'complaints', {
      key: randomUUID(),
      body: {
        channel: 'hotline-12345',
        kind: 'complaint',
        category: 'property',
        title: '楼上漏水，物业不管',
        description: '业主王芳称楼上管道漏水损坏装修，物业公司拒绝承担维修费用。',
        jurisdiction: GRID,
        complainant: { name: '王芳', phone: '13800138000' },
      },
    }),
  )
  const complaintId = (registered.body as ComplaintView).id
  const onComplaint = async (actor: Actor, command: string, body: unknown = {}): Promise<ComplaintView> => {
    const answer = ok(command, await send(actor, 'POST', `complaints/${complaintId}/${command}`, { body, key: randomUUID() }))
    const view = answer.body as ComplaintView
    print(`complaint ${command.padEnd(20)} by ${actor.name ?? actor.id} → ${view.status}`)
    return view
  }
  await onComplaint(people.hotline, 'accept')
  await onComplaint(people.hotline, 'dispatch', { unit: { id: GRID, name: '17号网格', level: 'grid', jurisdiction: GRID } })
  await onComplaint(people.gridWorker, 'acknowledge')
  const disputeId = randomUUID()
  await onComplaint(people.gridWorker, 'refer-to-mediation', {
    disputeId,
    disputeCategory: 'property',
    respondents: [{ name: '新华物业服务有限公司', phone: '0471-6612345' }],
    summary: '业主王芳称楼上管道漏水损坏装修，物业公司拒绝承担维修费用。',
    reason: '属物业服务合同纠纷，宜调解',
  })
  const opened = await eventually('the referral opens the dispute', () => send(people.intake, 'GET', `disputes/${disputeId}`), (a) => a.status === 200)
  let etag = opened.etag ?? 'W/"0"'
  let today = chinaDate(opened.date)
  print(`referral opened dispute ${disputeId} (${etag}) for complaint ${complaintId}`)

  /** One command: If-Match with the version we saw, a fresh Idempotency-Key; remembers the new ETag. */
  const act = async (actor: Actor, command: string, body: unknown = {}, key: string = randomUUID()): Promise<Answer> => {
    const answer = ok(command, await send(actor, 'POST', `disputes/${disputeId}/${command}`, { body, ifMatch: etag, key }))
    etag = answer.etag ?? etag
    today = chinaDate(answer.date)
    print(`${command.padEnd(22)} by ${actor.name ?? actor.id} → ${(answer.body as DisputeView).status} ${etag}`)
    return answer
  }

  await act(people.intake, 'accept', { note: '当事人申请，材料齐全' })

  // 1. People's mediation in the community fails.
  await act(people.intake, 'assign-mediator', { track: 'people', mediator: mediatorRef(people.communityMediator) })
  await act(people.communityMediator, 'record-session', { minutes: '双方陈述；物业称漏水系业主自装管道所致。', attendees: ['王芳', '新华物业服务有限公司'] })
  await act(people.communityMediator, 'record-failure', { reason: '双方对漏水责任认定分歧较大' })

  // 2. 三调联动: the case moves to administrative mediation (the housing bureau rules on the property-service contract).
  await act(people.communityMediator, 'transfer', { to: 'administrative', reason: '涉及物业服务合同履行，移交区住建局行政调解' })
  await act(people.intake, 'assign-mediator', { track: 'administrative', mediator: mediatorRef(people.housingMediator) })
  const beforeAgreement = etag
  await act(people.housingMediator, 'record-session', { minutes: '住建局认定公共管道维护属物业服务范围；双方就维修费用协商。' })

  // 3. A written agreement before the housing bureau, signed today (by the server's calendar) by both
  //    parties and the mediator. It stays on the administrative track: it can be confirmed as it is.
  //    The mediator records it from the signed paper (人民调解法 art. 29): its scan is uploaded first and named by hash
  //    (kind `agreement`); the 司法确认 application goes with it.
  const signedPaper = Buffer.from('%PDF-1.4\n% 调解协议书：王芳、新华物业服务有限公司，双方及调解员签字\n%%EOF\n', 'utf8')
  const paperRes = await fetch(`${options.baseUrl}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await options.token(people.housingMediator)}`, 'content-type': 'application/pdf' },
    body: signedPaper,
  })
  const agreementScan = (ok('upload the signed agreement', { status: paperRes.status, etag: null, replayed: false, date: null, body: await paperRes.json() }).body as { sha256: string }).sha256
  const agreement = {
    form: 'written',
    terms: ['新华物业服务有限公司于15日内支付王芳维修费人民币3000元', '王芳不再就此事主张其他费用'],
    signatures: [
      { party: '王芳', signedOn: today },
      { party: '新华物业服务有限公司', signedOn: today },
    ],
    mediatorSignedOn: today,
    attachments: [{ sha256: agreementScan, kind: 'agreement' }],
  }
  const agreementKey = randomUUID()
  const agreed = await act(people.housingMediator, 'record-agreement', agreement, agreementKey)

  // A flaky network: the answer was lost, so the client sends the same command again with the same key.
  // The server recognises it and returns the first outcome; nothing is written twice.
  const retry = ok('retry', await send(people.housingMediator, 'POST', `disputes/${disputeId}/record-agreement`, { body: agreement, ifMatch: etag, key: agreementKey }))
  print(`retry of record-agreement → replayed: ${retry.replayed}, ${retry.etag} (first answer ${agreed.etag})`)

  // Someone acting on an old screen: If-Match with a version that is no longer current is refused (412).
  const stale = await send(people.housingMediator, 'POST', `disputes/${disputeId}/consent-confirmation`, { body: { party: '新华物业服务有限公司' }, ifMatch: beforeAgreement, key: randomUUID() })
  print(`consent with stale If-Match ${beforeAgreement} → ${stale.status}`)

  // The agreement is the dispute's conclusion: the server's mediation-outcome process records it back on the
  // complaint as its result (the failure on the people's track was not: the case went on to another track).
  const concluded = await eventually('the agreement comes back on the complaint', () => send(people.hotline, 'GET', `complaints/${complaintId}`), (a) => (a.body as ComplaintView).status === 'result-submitted')
  print(`complaint ${complaintId} → ${(concluded.body as ComplaintView).status}: mediation ${(concluded.body as ComplaintView).mediation?.outcome ?? '?'}`)
  // The hotline tells the complainant, and calls back (回访) as after any result.
  await onComplaint(people.hotline, 'notify-complainant', { method: 'phone', note: '告知调解协议内容' })
  await onComplaint(people.hotline, 'record-callback', { reached: true, contacted: true, solved: 'solved', satisfaction: 'satisfied', note: '对调解结果满意' })

  // 4. 司法确认 of the administrative agreement, within 30 days of its signing: the parties apply together
  //    (the property company consents, 王芳 applies, each recorded by the mediator), the court decides.
  //    A mediator records a party's consent or application only from the form the party signed: its scan is uploaded first
  //    (POST /api/v1/attachments, the raw bytes with their type) and named by the hash the server answers.
  const scan = Buffer.from('%PDF-1.4\n% 司法确认申请书（同意）：新华物业服务有限公司，盖章\n%%EOF\n', 'utf8')
  const uploadRes = await fetch(`${options.baseUrl}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await options.token(people.housingMediator)}`, 'content-type': 'application/pdf' },
    body: scan,
  })
  const upload = ok('upload the signed consent', { status: uploadRes.status, etag: null, replayed: false, date: null, body: await uploadRes.json() }).body as { sha256: string }
  const signedConsent = upload.sha256
  print(`uploaded the signed consent: sha256 ${signedConsent.slice(0, 12)}… (the same as ours: ${signedConsent === createHash('sha256').update(scan).digest('hex')})`)
  await act(people.housingMediator, 'consent-confirmation', { party: '新华物业服务有限公司', documentHash: signedConsent })
  // 王芳's application likewise, from the 司法确认申请书 she signed (法释〔2011〕5号 art. 3): its scan, then its hash.
  const application = Buffer.from('%PDF-1.4\n% 司法确认申请书：申请人王芳，签名\n%%EOF\n', 'utf8')
  const applicationRes = await fetch(`${options.baseUrl}/api/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await options.token(people.housingMediator)}`, 'content-type': 'application/pdf' },
    body: application,
  })
  const signedApplication = (ok('upload the signed application', { status: applicationRes.status, etag: null, replayed: false, date: null, body: await applicationRes.json() }).body as { sha256: string }).sha256
  await act(people.housingMediator, 'apply-confirmation', { party: '王芳', court: '赛罕区人民法院', applicationHash: signedApplication })
  // The court's case number begins with the year it received the application (收案年度): the server's year, today.
  const caseNumber = `(${today.slice(0, 4)})蒙0105民特123号`
  await act(people.court, 'record-court-acceptance', { decision: 'accepted', caseNumber })
  await act(people.court, 'record-confirmation', { outcome: 'confirmed', caseNumber, ruling: '民事裁定书' })

  // 5. Fulfilment, the follow-up visit, and the case is closed.
  await act(people.housingMediator, 'record-fulfilment', { fulfilment: 'full', note: '物业已支付3000元' })
  await act(people.gridWorker, 'record-follow-up', { note: '回访：维修完成，双方无异议', satisfied: true })
  await act(people.housingMediator, 'close', { reason: '调解成功，协议已履行' })

  const final = ok('read', await send(people.intake, 'GET', `disputes/${disputeId}`)).body as DisputeView
  const history = ok('history', await send(people.intake, 'GET', `disputes/${disputeId}/history`)).body as { events: { type: string }[] }
  print(`\n${disputeId}: ${final.status} at version ${final.version}; agreement on the ${final.agreement?.track ?? '?'} track; hops ${final.transfers.map((t) => `${t.from}→${t.to}`).join(', ')}`)
  print(`history: ${history.events.map((e) => e.type).join(' → ')}`)
  const complaint = ok('read complaint', await send(people.hotline, 'GET', `complaints/${complaintId}`)).body as ComplaintView
  const complaintHistory = ok('complaint history', await send(people.hotline, 'GET', `complaints/${complaintId}/history`)).body as { events: { type: string }[] }
  print(`complaint ${complaintId}: ${complaint.status}; history: ${complaintHistory.events.map((e) => e.type).join(' → ')}`)
  return {
    disputeId,
    final,
    history: history.events.map((e) => e.type),
    retryReplayed: retry.replayed,
    staleStatus: stale.status,
    complaint: { id: complaintId, final: complaint, history: complaintHistory.events.map((e) => e.type) },
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env['GRIDCASE_URL']
  const secret = process.env['GRIDCASE_JWT_SECRET']
  if (url !== undefined) {
    if (secret === undefined) throw new Error('set GRIDCASE_JWT_SECRET (the server prints where its development secret lives)')
    await main({ baseUrl: url, token: (actor) => signToken({ secret, expiresIn: '1h' }, actor) })
  } else {
    const local = await startLocalServer()
    try {
      await main({ baseUrl: local.url, token: local.token })
    } finally {
      await local.close()
    }
  }
}
