// A mediation centre's client (矛盾纠纷化解联合服务中心): walks one property dispute through
// 三调联动 over HTTP with plain fetch — each person with their own JWT, every command sent with
// If-Match (the version the client saw) and an Idempotency-Key (so a retry never acts twice).
//
//   the centre takes it in and grades its risk (风险研判) → routes it (分流) to its property committee
//   (物业纠纷人民调解委员会), whose mediator alone may then take it →
//   people's mediation fails → transferred to administrative mediation
//   (the district housing bureau) → written agreement there → joint application for judicial
//   confirmation (司法确认: one party consents, the other applies) → the court accepts and confirms →
//   fulfilment → follow-up visit → closed. Then a second dispute, mediated and agreed on the spot (现场调解) by
//   the community committee's mediator: report and agreement in one command.
//
// An administrative-mediation agreement can be judicially confirmed as a people's one can:
// 民事诉讼法 art. 201 covers agreements of lawfully established mediation organisations, and
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
  /** The dispute agreed on the spot, and its status after the one command. */
  readonly onTheSpot: { readonly id: string; readonly status: string; readonly history: readonly string[] }
  readonly final: DisputeView
  /** Event types from `GET …/history`, oldest first. */
  readonly history: readonly string[]
  /** Did the deliberate retry come back as a replay (header `Idempotent-Replayed`)? */
  readonly retryReplayed: boolean
  /** The status of the deliberately stale If-Match (412 expected). */
  readonly staleStatus: number
}

const DISTRICT = 'hohhot/saihan'
const STREET = `${DISTRICT}/wulanchabu-east-road`
const COMMUNITY = `${STREET}/xinhua-community`
const GRID = `${COMMUNITY}/grid-017`

const people = {
  // The centre's intake window (矛调中心受理窗口), across the district.
  intake: { id: 'co-centre', role: 'centre-officer', jurisdiction: DISTRICT, name: '中心受理窗口' },
  // Sits on 赛罕区物业纠纷人民调解委员会 (the committee file says so; the token does not).
  propertyMediator: { id: 'med-wang-jianjun', role: 'mediator', track: 'people', jurisdiction: DISTRICT, name: '王建军' },
  // Sits on 新华社区人民调解委员会.
  communityMediator: { id: 'med-liu-jianhua', role: 'mediator', track: 'people', jurisdiction: COMMUNITY, name: '刘建华' },
  housingMediator: { id: 'am-housing', role: 'mediator', track: 'administrative', jurisdiction: DISTRICT, name: '区住建局' },
  // The court's clerk records its decisions (受理, 确认) with the court's case number (案号).
  court: { id: 'clerk-saihan', role: 'court-clerk', jurisdiction: DISTRICT, name: '赛罕区人民法院' },
  gridWorker: { id: 'gw-017', role: 'grid-worker', jurisdiction: GRID, name: '17号网格员' },
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

  // Open the case. The Idempotency-Key makes a retried POST name the same case instead of opening a second one.
  const opened = ok(
    'report',
    await send(people.intake, 'POST', 'disputes', {
      key: randomUUID(),
      body: {
        source: 'party-application',
        category: 'property',
        jurisdiction: GRID,
        summary: '业主王芳称楼上管道漏水损坏装修，物业公司拒绝承担维修费用。',
        parties: [
          { side: 'applicant', name: '王芳', phone: '13800138000' },
          { side: 'respondent', name: '新华物业服务有限公司', phone: '0471-6612345' },
        ],
        // 风险研判 at intake: a high grade would go to the street at once and onto the dashboard.
        risk: { grade: 'medium', reason: '业主情绪激动，多次到物业办公室争吵' },
      },
    }),
  )
  const disputeId = (opened.body as DisputeView).id
  let etag = opened.etag ?? 'W/"0"'
  let today = chinaDate(opened.date)
  print(`reported dispute ${disputeId} (${etag})`)

  /** One command: If-Match with the version we saw, a fresh Idempotency-Key; remembers the new ETag. */
  const act = async (actor: Actor, command: string, body: unknown = {}, key: string = randomUUID()): Promise<Answer> => {
    const answer = ok(command, await send(actor, 'POST', `disputes/${disputeId}/${command}`, { body, ifMatch: etag, key }))
    etag = answer.etag ?? etag
    today = chinaDate(answer.date)
    print(`${command.padEnd(22)} by ${actor.name ?? actor.id} → ${(answer.body as DisputeView).status} ${etag}`)
    return answer
  }

  await act(people.intake, 'accept', { note: '当事人申请，材料齐全' })

  // 1. 分流: the centre routes it to its property committee; only that committee's mediators may be assigned.
  await act(people.intake, 'route', { committee: 'saihan-property', reason: '物业服务纠纷，分流至物业纠纷人民调解委员会' })
  await act(people.intake, 'assign-mediator', { track: 'people', mediator: mediatorRef(people.propertyMediator) })
  // People's mediation fails.
  await act(people.propertyMediator, 'record-session', { minutes: '双方陈述；物业称漏水系业主自装管道所致。', attendees: ['王芳', '新华物业服务有限公司'] })
  await act(people.propertyMediator, 'record-failure', { reason: '双方对漏水责任认定分歧较大' })

  // 2. 三调联动: the case moves to administrative mediation (the housing bureau rules on the property-service contract).
  await act(people.propertyMediator, 'transfer', { to: 'administrative', reason: '涉及物业服务合同履行，移交区住建局行政调解' })
  await act(people.intake, 'assign-mediator', { track: 'administrative', mediator: mediatorRef(people.housingMediator) })
  const beforeAgreement = etag
  await act(people.housingMediator, 'record-session', { minutes: '住建局认定公共管道维护属物业服务范围；双方就维修费用协商。' })

  // 3. A written agreement before the housing bureau, signed today (by the server's calendar) by both
  //    parties and the mediator. It stays on the administrative track: it can be confirmed as it is.
  const agreement = {
    form: 'written',
    terms: ['新华物业服务有限公司于15日内支付王芳维修费人民币3000元', '王芳不再就此事主张其他费用'],
    signatures: [
      { party: '王芳', signedOn: today },
      { party: '新华物业服务有限公司', signedOn: today },
    ],
    mediatorSignedOn: today,
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

  // 4. 司法确认 of the administrative agreement, within 30 days of its signing: the parties apply together
  //    (the property company consents, 王芳 applies, each recorded by the mediator), the court decides.
  //    A mediator records a party's consent only from the form the party signed: its attachment hash.
  const signedConsent = createHash('sha256').update('司法确认申请书（同意）：新华物业服务有限公司，盖章', 'utf8').digest('hex')
  await act(people.housingMediator, 'consent-confirmation', { party: '新华物业服务有限公司', documentHash: signedConsent })
  await act(people.housingMediator, 'apply-confirmation', { party: '王芳', court: '赛罕区人民法院' })
  await act(people.court, 'record-court-acceptance', { decision: 'accepted', caseNumber: '(2026)蒙0105民特123号' })
  await act(people.court, 'record-confirmation', { outcome: 'confirmed', caseNumber: '(2026)蒙0105民特123号', ruling: '民事裁定书' })

  // 5. Fulfilment, the follow-up visit, and the case is closed.
  await act(people.housingMediator, 'record-fulfilment', { fulfilment: 'full', note: '物业已支付3000元' })
  await act(people.gridWorker, 'record-follow-up', { note: '回访：维修完成，双方无异议', satisfied: true })
  await act(people.housingMediator, 'close', { reason: '调解成功，协议已履行' })

  const final = ok('read', await send(people.intake, 'GET', `disputes/${disputeId}`)).body as DisputeView
  const history = ok('history', await send(people.intake, 'GET', `disputes/${disputeId}/history`)).body as { events: { type: string }[] }
  print(`\n${disputeId}: ${final.status} at version ${final.version}; agreement on the ${final.agreement?.track ?? '?'} track; hops ${final.transfers.map((t) => `${t.from}→${t.to}`).join(', ')}`)
  print(`history: ${history.events.map((e) => e.type).join(' → ')}`)

  // 6. 现场调解: a neighbours' quarrel over a leaking pipe, settled on the spot by the community committee's mediator:
  //    report and written agreement in one command (人民调解法 art. 29: both parties and the mediator sign that day; the
  //    scan of the signed paper goes up as an attachment and is named by its sha-256).
  const scan = createHash('sha256').update('调解协议书（现场）：孙伟、钱进签名，刘建华签名，新华社区人民调解委员会盖章', 'utf8').digest('hex')
  const spot = ok(
    'on the spot',
    await send(people.communityMediator, 'POST', 'disputes', {
      key: randomUUID(),
      body: {
        source: 'party-application',
        category: 'neighbour',
        jurisdiction: GRID,
        summary: '楼上水管渗漏致楼下厨房吊顶受潮，双方在楼道争执。',
        parties: [
          { side: 'applicant', name: '孙伟', phone: '13800471001' },
          { side: 'respondent', name: '钱进', phone: '13800471002' },
        ],
        onTheSpot: {
          form: 'written',
          terms: ['楼上住户三日内请人维修渗漏水管', '楼上住户承担楼下吊顶修复费用人民币800元'],
          performance: '维修完成后当面付清',
          location: '新华社区5号楼2单元楼道',
          signatures: [
            { party: '孙伟', signedOn: today },
            { party: '钱进', signedOn: today },
          ],
          mediatorSignedOn: today,
          attachments: [{ sha256: scan }],
        },
      },
    }),
  )
  const spotView = spot.body as DisputeView
  const spotHistory = ok('history', await send(people.communityMediator, 'GET', `disputes/${spotView.id}/history`)).body as { events: { type: string }[] }
  today = chinaDate(spot.date)
  print(`on the spot: ${spotView.id} → ${spotView.status} on ${today}`)
  return {
    disputeId,
    final,
    history: history.events.map((e) => e.type),
    retryReplayed: retry.replayed,
    staleStatus: stale.status,
    onTheSpot: { id: spotView.id, status: spotView.status, history: spotHistory.events.map((e) => e.type) },
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
