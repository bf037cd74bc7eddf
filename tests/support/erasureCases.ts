// What the erasure suites beside SQLite (tests/erasure.test.ts) and beside PostgreSQL (tests/http/erasure-postgres.test.ts)
// state alike (个人信息保护法 art. 47): the complainant whose personal fields are sealed, a dispute's parties, an
// identity document's upload, the live feed read from the start, and a sealed text changed in place.
import { createHash, randomBytes } from 'node:crypto'
import type { RunningServer } from '@gridcase/http'
import { expect } from 'vitest'
import type { demoCall } from '../http/helpers/demoServer.js'

type Call = ReturnType<typeof demoCall>

export const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'
export const NAME = '欧阳淑芬'
export const PHONE = '13904719876'
export const ID_NUMBER = '150102199001011230'
export const ADDRESS = '新华小区7号楼3单元502'
export const personal = [NAME, PHONE, ID_NUMBER, ADDRESS]
/** Which of the complainant's values `text` holds: all of them while the key exists, none once erased or sealed. */
export const personalIn = (text: string): string[] => personal.filter((p) => text.includes(p))

/**
 * POST /api/v1/complaints's body: a consultation answered at registration (so closed at once) by `name`, with the id
 * number when `more` gives an address.
 */
export const consultation = (name: string, phone: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  channel: 'hotline-12345',
  kind: 'consultation',
  category: 'parking',
  // Free text the complainant gave about themselves names them: sealed with their key too (found in review: it stayed
  // in clear, so an erased name still read in the title and description).
  title: `${name}反映车位被占`,
  description: `本人${name}，住址附近占用消防通道`,
  jurisdiction: GRID,
  answer: '已答复',
  ...more,
  complainant: { name, phone, ...(more['address'] === undefined ? {} : { idNumber: ID_NUMBER }) },
})

export const PARTY_A = '司马光明'
export const PARTY_B = '诸葛红梅'
export const PHONE_A = '13904715555'
/** Which of the dispute's parties' values `text` holds. */
export const partiesIn = (text: string): string[] => [PARTY_A, PARTY_B, PHONE_A].filter((p) => text.includes(p))

/** A dispute between PARTY_A and PARTY_B reported through `report`, then accepted, given a mediator and a session through `handle`: its id. */
export const disputeWithParties = async (report: Call, handle: Call): Promise<string> => {
  const reported = await report('community-worker', 'POST', '/api/v1/disputes', {
    source: 'party-application',
    category: 'neighbour',
    jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community',
    summary: `${PARTY_B}家楼上漏水致${PARTY_A}家受损`,
    parties: [
      { side: 'applicant', name: PARTY_A, phone: PHONE_A },
      { side: 'respondent', name: PARTY_B },
    ],
  })
  expect(reported.status).toBe(201)
  const id = String(reported.body['id'])
  const mediator = { id: 'demo-mediator', jurisdiction: 'hohhot/saihan/wulanchabu-east-road' }
  for (const [role, command, body] of [
    ['community-worker', 'accept', {}],
    ['street-officer', 'assign-mediator', { track: 'people', mediator }],
    ['mediator', 'record-session', { minutes: `${PARTY_A}、${PARTY_B}到场陈述`, attendees: [PARTY_A, PARTY_B] }],
  ] as const) expect((await handle(role, 'POST', `/api/v1/disputes/${id}/${command}`, body)).status).toBe(200)
  return id
}

/** A JPEG's worth of random bytes uploaded to `server` by the hotline (POST /api/v1/attachments): its SHA-256. */
export const uploadJpeg = async (server: RunningServer): Promise<string> => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024)])
  const res = await fetch(`${server.url}/api/v1/attachments`, { method: 'POST', headers: { authorization: `Bearer ${server.demoTokens['hotline-operator']}`, 'content-type': 'image/jpeg' }, body: bytes })
  expect(res.status).toBe(201)
  return createHash('sha256').update(bytes).digest('hex')
}

/** The live feed (SSE) of `server` from the start of the log, read as its admin until `marker` shows (or the feed ends). */
export const feedUntil = async (server: RunningServer, marker: string): Promise<string> => {
  const controller = new AbortController()
  const res = await fetch(`${server.url}/api/v1/events?from=0`, { headers: { authorization: `Bearer ${server.demoTokens['admin']}`, accept: 'text/event-stream' }, signal: controller.signal })
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  let feed = ''
  while (!feed.includes(marker)) {
    const { value, done } = await reader.read()
    if (done) break
    feed += new TextDecoder().decode(value)
  }
  controller.abort()
  return feed
}

/** An event's data (JSON text) with one character of `role`'s sealed text (`$sealed[role]`) changed: a tampered ciphertext. */
export const withSealedTextChanged = (json: string, role: string): string => {
  const data = JSON.parse(json) as { $sealed?: Record<string, string> }
  const text = data.$sealed?.[role]
  if (data.$sealed === undefined || text === undefined) throw new Error(`the event holds no sealed text of ${role}`)
  data.$sealed[role] = `${text.slice(0, 20)}${text[20] === 'A' ? 'B' : 'A'}${text.slice(21)}`
  return JSON.stringify(data)
}
