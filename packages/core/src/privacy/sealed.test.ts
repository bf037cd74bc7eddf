import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deepFreeze } from '../kernel/fixtures.js'
import type { EventStore, NewEvent, RecordedEvent } from '../kernel/index.js'
import { ERASED, eraseState, openEvent, SEALED_PREFIX, SEALED_V2_PREFIX, SealedValueDoesNotOpen, SealingUnreadable, UNREADABLE, sealEvent, sealedStore, subjectsOfStream, subjectsToOpen, type FieldCipher } from './sealed.js'

/** A cipher for the shape of sealing only (reversible, keyed by a table): the real one is AES-GCM in the adapters. */
const tableCipher = () => {
  const keys = new Set<string>()
  const cipher: FieldCipher = {
    seal: (subject, plain) => {
      keys.add(subject)
      return Buffer.from(plain, 'utf8').toString('base64')
    },
    open: (subject, sealed) => (keys.has(subject) ? Buffer.from(sealed, 'base64').toString('utf8') : undefined),
  }
  return { cipher, erase: (subject: string) => keys.delete(subject) }
}

const registered = (complainant: Record<string, string>, address?: string): NewEvent => ({
  type: 'ComplaintRegistered',
  schemaVersion: 1,
  data: { title: 't', complainant, ...(address === undefined ? {} : { address }) },
  metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'admin', jurisdiction: 'x' }, occurredAt: '2026-01-01T00:00:00Z' },
})
const recorded = (event: NewEvent, streamId = 'complaint-1'): RecordedEvent => ({ ...event, eventId: 'e', streamId, version: 0, position: 0, metadata: { ...event.metadata, recordedAt: 'r', prevHash: 'p', hash: 'h' } })

/** An event store over an array (the log as written), for the sealed store to wrap. */
const loggedStore = () => {
  const log: RecordedEvent[] = []
  const inner = {
    appendToStream: async (streamId: string, events: readonly NewEvent[]) => {
      const written = events.map((e, i) => ({ ...recorded(e, streamId), eventId: `e${log.length + i}`, position: log.length + i }))
      log.push(...written)
      return { _tag: 'Right', right: { nextExpectedVersion: written.length - 1, lastPosition: log.length - 1, events: written } }
    },
    readStream: async (streamId: string) => log.filter((e) => e.streamId === streamId),
    readAll: async () => [...log],
    subscribe: () => (async function* () {})(),
  } as unknown as EventStore
  return { inner, log }
}

describe('a sealed value that cannot be opened: the reader stops, naming the event and the subject', () => {
  const failing = (error: Error): FieldCipher => ({ ...tableCipher().cipher, open: () => { throw error } })
  const sealed = recorded(sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678' }), tableCipher().cipher), 'complaint-1')

  it('its key does not open it (the cipher says so): "does not open with the key the key store holds"', () => {
    expect(() => openEvent(sealed, failing(new SealedValueDoesNotOpen('unable to authenticate data')))).toThrow(
      'complaint-1 v0 (position 0): its sealed data of complaint-1#complainant does not open with the key the key store holds (unable to authenticate data)',
    )
  })

  it("the reader's own failure (a key never loaded, a key store unreachable) is not blamed on the key (found in review: every error read as a key that does not open)", () => {
    let thrown: unknown
    try {
      openEvent(sealed, failing(new Error('the key of complaint-1#complainant was not loaded before use')))
    } catch (error) {
      thrown = error
    }
    expect(String(thrown)).toContain('complaint-1 v0 (position 0): its sealed data of complaint-1#complainant could not be opened (the key of complaint-1#complainant was not loaded before use)')
    expect(String(thrown)).not.toContain('does not open')
  })

  it('a reader given `unreadable` reads such a value UNREADABLE and is told (event, subject), its other values and events as they are; its own failures still stop it', () => {
    const told: string[] = []
    const unreadable = (event: RecordedEvent, subject: string) => void told.push(`${event.streamId} ${subject}`)
    expect(openEvent(sealed, failing(new SealedValueDoesNotOpen('unable to authenticate data')), unreadable).data).toEqual({ title: UNREADABLE, complainant: { name: UNREADABLE, phone: UNREADABLE } })
    expect(told).toEqual(['complaint-1 complaint-1#complainant'])
    expect(() => openEvent(sealed, failing(new Error('key store unreachable')), unreadable)).toThrow(/could not be opened \(key store unreachable\)/)
  })

  it("a value read UNREADABLE is never sealed as a person's data (found in review: a referral copied it from the state as the applicant's name and phone, sealed under a fresh key); ERASED passes as before", () => {
    const { cipher } = tableCipher()
    expect(() => sealEvent('complaint-1', registered({ name: UNREADABLE, phone: '13912345678' }), cipher)).toThrow(SealingUnreadable)
    expect(() => sealEvent('complaint-1', registered({ name: 'x', phone: 'y' }, UNREADABLE), cipher)).toThrow(/complaint-1#complainant/)
    expect(sealEvent('complaint-1', registered({ name: ERASED, phone: ERASED }), cipher).data).toMatchObject({ complainant: { name: ERASED, phone: ERASED } })
  })

  it('a sealed store given `unreadable` does not keep what did not open: the key put back, the next read opens it (the store keeps what opened)', async () => {
    const { cipher } = tableCipher()
    const written = recorded(sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678' }), cipher))
    let forged = true
    const inner = { readStream: async () => [written], readAll: async () => [written] } as unknown as EventStore
    const store = sealedStore(inner, { ...cipher, erasures: () => 0, open: (subject, text) => { if (forged) throw new SealedValueDoesNotOpen('not authentic'); return cipher.open(subject, text) } }, { unreadable: () => undefined })
    expect(((await store.readAll({}))[0]?.data as { complainant: { name: string } }).complainant.name).toBe(UNREADABLE)
    forged = false
    expect(((await store.readAll({}))[0]?.data as { complainant: { name: string } }).complainant.name).toBe('李四')
  })

  // `over`: the same sealed store over another face of the log (PostgreSQL's background pool). What one face reads
  // "unreadable", the other seals nothing more under: as two stores, a subject read unreadable by the read models (the
  // background face) was sealed under again by a request's append.
  it('over another store of the same log: a subject one face read "unreadable" is refused by the other face’s appends', async () => {
    const { inner } = loggedStore()
    const { cipher } = tableCipher()
    let forged = false
    const opening: FieldCipher = { ...cipher, open: (subject, text) => { if (forged) throw new SealedValueDoesNotOpen('not authentic'); return cipher.open(subject, text) } }
    const store = sealedStore(inner, opening, { unreadable: () => undefined })
    const background = store.over({ ...inner })
    expect((await store.appendToStream('complaint-1', [registered({ name: '李四', phone: '13912345678' })], { expectedVersion: 'any' }))._tag).toBe('Right')
    forged = true
    expect(((await background.readAll({}))[0]?.data as { complainant: { name: string } }).complainant.name).toBe(UNREADABLE)
    await expect(store.appendToStream('complaint-1', [registered({ name: '李四', phone: '13912345678' })], { expectedVersion: 'any' })).rejects.toThrow(SealingUnreadable)
  })
})

describe('sealing personal fields', () => {
  it('opening a sealed event gives back exactly the event written, for any names, phones, id numbers and addresses', () => {
    fc.assert(
      // Including text that looks like a sealed field's marker: typed by someone, it is sealed like any other.
      fc.property(fc.oneof(fc.string(), fc.constant('sealed:v1:complaint-1#complainant'), fc.constant('sealed:v2:complainant')), fc.string(), fc.option(fc.string(), { nil: undefined }), fc.option(fc.string(), { nil: undefined }), (name, phone, idNumber, address) => {
        const { cipher } = tableCipher()
        const event = registered({ name, phone, ...(idNumber === undefined ? {} : { idNumber }), residentId: 'r1' }, address)
        const sealed = sealEvent('complaint-1', event, cipher)
        const data = sealed.data as { complainant: Record<string, string>; address?: string; $sealed: Record<string, string> }
        // Every personal field is sealed under the case's complainant (the role's marker; the subject is the stream's
        // complainant); the rest is as written.
        expect(data.complainant['name']).toBe('sealed:v2:complainant')
        expect(data.complainant['phone']).toBe('sealed:v2:complainant')
        expect(idNumber === undefined || data.complainant['idNumber'] === 'sealed:v2:complainant').toBe(true)
        expect(data.complainant['residentId']).toBe('r1')
        expect(address === undefined || data.address === 'sealed:v2:complainant').toBe(true)
        // The title they gave too (free text about themselves).
        expect((data as unknown as { title: string }).title).toBe('sealed:v2:complainant')
        expect(Object.keys(data.$sealed)).toEqual(['complainant'])
        expect(JSON.stringify(data)).not.toContain('complaint-1')
        expect(openEvent(recorded(sealed), cipher)).toEqual(recorded(event))
      }),
    )
  })

  it('reads "erased" for every sealed field once the subject key is gone, and leaves other fields and events alone', () => {
    const { cipher, erase } = tableCipher()
    const sealed = recorded(sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号'), cipher))
    erase('complaint-1#complainant')
    expect(openEvent(sealed, cipher).data).toEqual({ title: ERASED, complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
    const note = recorded({ ...registered({}), type: 'ComplaintNoteAdded', data: { note: '李四' } })
    expect(sealEvent('complaint-1', note, cipher)).toEqual(note)
    expect(openEvent(note, cipher)).toBe(note)
  })
})

/**
 * A registration as a build before schema 3 wrote it (format v1): markers and `$sealed` name the subject, stream id and
 * all. Made by hand, as such a build made it: those events stay in the logs and must still open and erase.
 */
const sealedV1 = (streamId: string, event: NewEvent, cipher: FieldCipher): NewEvent => {
  const subject = `${streamId}#complainant`
  const data = event.data as { complainant: Record<string, string>; address?: string }
  const values: Record<string, string> = {}
  const complainant: Record<string, string> = { ...data.complainant }
  for (const field of ['name', 'phone', 'idNumber']) {
    const value = data.complainant[field]
    if (value === undefined) continue
    values[`complainant.${field}`] = value
    complainant[field] = `${SEALED_PREFIX}${subject}`
  }
  if (data.address !== undefined) values['address'] = data.address
  return {
    ...event,
    data: { ...data, complainant, ...(data.address === undefined ? {} : { address: `${SEALED_PREFIX}${subject}` }), $sealed: { [subject]: cipher.seal(subject, JSON.stringify(values)) } },
  }
}

describe('events sealed before schema 3 (format v1: `sealed:v1:<subjectId>`)', () => {
  it('still open, read "erased" once the key is gone, and share the subject with the same case\'s v2 events', () => {
    const { cipher, erase } = tableCipher()
    const before = registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号')
    const v1 = recorded(sealedV1('complaint-1', before, cipher))
    expect(JSON.stringify(v1.data)).toContain(`${SEALED_PREFIX}complaint-1#complainant`)
    const later = { ...registered({ name: '李四', phone: '13900000000' }), type: 'ComplaintReferredToMediation', data: { applicant: { name: '李四', phone: '13900000000' }, respondents: [] } }
    const v2 = recorded(sealEvent('complaint-1', later, cipher))
    expect(JSON.stringify(v2.data)).toContain(`${SEALED_V2_PREFIX}complainant`)
    expect(openEvent(v1, cipher)).toEqual(recorded(before))
    expect(openEvent(v2, cipher)).toEqual(recorded(later))
    // One subject for both formats: one key destroyed erases the case's data in every event.
    expect(subjectsOfStream([v1, v2])).toEqual(['complaint-1#complainant'])
    erase('complaint-1#complainant')
    // Its title, written in clear by such a build, reads "erased" with the names (its sealed names tell the subject is erased).
    expect(openEvent(v1, cipher).data).toEqual({ title: ERASED, complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
    expect(openEvent(v2, cipher).data).toEqual({ applicant: { name: ERASED, phone: ERASED }, respondents: [] })
  })
})

describe('a v2 marker that names another role than its field\'s (a raw write into the database)', () => {
  it("reads \"erased\" without asking for any key: a role with '#', another role, __proto__, an empty one", () => {
    for (const role of ['a#b', 'complaint-1#complainant', 'respondents', '__proto__', 'constructor', '']) {
      const { cipher } = tableCipher()
      const opens: string[] = []
      const counting: FieldCipher = { ...cipher, open: (subject, text) => (opens.push(subject), cipher.open(subject, text)) }
      const own = sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678' }), cipher)
      const sealed = (own.data as { $sealed: Record<string, string> }).$sealed['complainant'] as string
      const crafted = recorded({ ...own, data: { title: 't', complainant: { name: `sealed:v2:${role}`, phone: 'sealed:v2:complainant' }, $sealed: { [role]: sealed, complainant: sealed } } })
      expect(openEvent(crafted, counting).data).toEqual({ title: 't', complainant: { name: ERASED, phone: '13912345678' } })
      expect(opens).toEqual(['complaint-1#complainant'])
    }
  })
})

describe("an event moved into another stream (a raw write into the database, not a store's)", () => {
  const counting = () => {
    const { cipher } = tableCipher()
    const opens: string[] = []
    return { cipher, opens, counting: { ...cipher, open: (subject: string, text: string) => (opens.push(subject), cipher.open(subject, text)) } satisfies FieldCipher }
  }

  it("is never opened with its first stream's key, nor leads an erasure to it (format v1: its markers name that stream's subject)", () => {
    const { cipher, opens, counting: c } = counting()
    const sealed = sealedV1('complaint-1', registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号'), cipher)
    const own = recorded(sealed)
    const moved: RecordedEvent = { ...own, streamId: 'complaint-2' }
    expect(openEvent(own, c).data).toEqual(registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号').data)
    expect(opens).toEqual(['complaint-1#complainant'])
    opens.length = 0
    expect(openEvent(moved, c).data).toEqual({ title: 't', complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
    expect(opens).toEqual([])
    // Erasing complaint-2 destroys none of complaint-1's keys; complaint-1's own events still name its subject.
    expect(subjectsOfStream([moved])).toEqual([])
    expect(subjectsOfStream([own])).toEqual(['complaint-1#complainant'])
    // A stream whose id is a prefix of another's is not mistaken for it (the subject ends the stream id with '#').
    expect(subjectsOfStream([{ ...own, streamId: 'complaint-' }])).toEqual([])
  })

  it("is never opened with its first stream's key, nor leads an erasure to it (format v2: its markers name a role of whatever stream holds it)", () => {
    const { cipher, opens, counting: c } = counting()
    const own = recorded(sealEvent('complaint-1', registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号'), cipher))
    const moved: RecordedEvent = { ...own, streamId: 'complaint-2' }
    expect(openEvent(own, c).data).toEqual(registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号').data)
    expect(opens).toEqual(['complaint-1#complainant'])
    opens.length = 0
    // Read in complaint-2 it is complaint-2's complainant's: a key it has none of (and sealed under another key and with
    // complaint-1's subject as associated data, so no key of complaint-2's would open it either).
    expect(openEvent(moved, c).data).toEqual({ title: ERASED, complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
    expect(opens).toEqual(['complaint-2#complainant'])
    // Erasing complaint-2 names complaint-2's own subject only; complaint-1's events name complaint-1's.
    expect(subjectsOfStream([moved])).toEqual(['complaint-2#complainant'])
    expect(subjectsOfStream([own])).toEqual(['complaint-1#complainant'])
  })
})

const disputeEvent = (type: string, data: Record<string, unknown>): NewEvent => ({ ...registered({}), type, data })

describe("sealing a dispute's parties", () => {
  const parties = [
    { side: 'applicant', name: '王建国', phone: '13904711111', idNumber: '150102197001011234', address: '新华小区1号楼' },
    { side: 'respondent', name: '刘美兰', phone: '13904712222', residentId: 'r9' },
  ]
  const steps: [string, Record<string, unknown>][] = [
    // Free text names the parties too: the summary, the minutes, the agreement's terms (as reported to a court too).
    ['DisputeReported', { id: 'd1', parties, summary: '王建国与刘美兰因漏水发生纠纷' }],
    ['MediationSessionHeld', { session: 1, attendees: ['王建国', '刘美兰'], minutes: '王建国称楼上漏水' }],
    ['MediationAgreed', { terms: ['刘美兰赔偿王建国2000元', '三日内付清'], facts: '刘美兰家卫生间漏水致王建国家吊顶受损', performance: '刘美兰当场支付', signatures: [{ party: '王建国', signedOn: '2026-01-02' }, { party: '刘美兰', signedOn: '2026-01-03' }] }],
    ['ReportedToCourt', { court: 'c', outcome: 'agreement', terms: ['刘美兰赔偿王建国2000元'] }],
    ['MediationExtended', { agreedBy: ['王建国', '刘美兰'], days: 10 }],
    ['JudicialConfirmationConsented', { party: '刘美兰' }],
    ['JudicialConfirmationApplied', { applicant: '王建国', consentedBy: ['刘美兰'] }],
    ['PartyDocumentsSubmitted', { party: '刘美兰', attachments: [{ sha256: 'a'.repeat(64), kind: 'id-document' }] }],
  ]
  const personal = ['王建国', '刘美兰', '13904711111', '13904712222', '150102197001011234', '新华小区1号楼']

  it('seals every party field and every later mention of a party by name under the dispute\'s one subject, and opens to exactly what was written', () => {
    const { cipher } = tableCipher()
    for (const [type, data] of steps) {
      const event = disputeEvent(type, data)
      const sealed = sealEvent('dispute-d1', event, cipher)
      const text = JSON.stringify({ ...(sealed.data as Record<string, unknown>), $sealed: undefined })
      expect(personal.filter((p) => text.includes(p))).toEqual([])
      expect(Object.keys((sealed.data as { $sealed: Record<string, string> }).$sealed)).toEqual(['parties'])
      expect(openEvent(recorded(sealed, 'dispute-d1'), cipher)).toEqual(recorded(event, 'dispute-d1'))
    }
    // What is not personal stays as written: sides, resident ids, dates.
    const reported = sealEvent('dispute-d1', disputeEvent('DisputeReported', { id: 'd1', parties, summary: 's' }), cipher).data as { parties: Record<string, string>[] }
    expect(reported.parties.map((p) => [p['side'], p['residentId']])).toEqual([['applicant', undefined], ['respondent', 'r9']])
  })

  it('sealing never writes into the event it is given, and any parties, however many and whatever they hold, open to exactly what was written', () => {
    const party = fc.record({ side: fc.constantFrom('applicant', 'respondent'), name: fc.string(), phone: fc.option(fc.string(), { nil: undefined }), address: fc.option(fc.oneof(fc.string(), fc.constant(ERASED)), { nil: undefined }) }, { requiredKeys: ['side', 'name'] })
    fc.assert(
      fc.property(fc.array(party, { maxLength: 5 }), fc.array(fc.string(), { maxLength: 4 }), (reported, attendees) => {
        const { cipher } = tableCipher()
        for (const event of [disputeEvent('DisputeReported', { id: 'd1', parties: reported, summary: 's' }), disputeEvent('MediationSessionHeld', { session: 1, attendees, minutes: 'm' })]) {
          const before = JSON.stringify(event)
          // Frozen: a write into the caller's data (strict mode) throws.
          const sealed = sealEvent('dispute-d1', deepFreeze(event), cipher)
          expect(JSON.stringify(event)).toBe(before)
          expect(openEvent(recorded(sealed, 'dispute-d1'), cipher)).toEqual(recorded(event, 'dispute-d1'))
        }
      }),
    )
  })

  it('reads "erased" in every step once the parties\' key is gone', () => {
    const { cipher, erase } = tableCipher()
    const sealed = steps.map(([type, data]) => recorded(sealEvent('dispute-d1', disputeEvent(type, data), cipher), 'dispute-d1'))
    erase('dispute-d1#parties')
    const opened = JSON.stringify(sealed.map((e) => openEvent(e, cipher).data))
    expect(personal.filter((p) => opened.includes(p))).toEqual([])
    expect(openEvent(sealed[1] as RecordedEvent, cipher).data).toMatchObject({ attendees: [ERASED, ERASED] })
    expect(openEvent(sealed[2] as RecordedEvent, cipher).data).toMatchObject({ signatures: [{ party: ERASED, signedOn: '2026-01-02' }, { party: ERASED, signedOn: '2026-01-03' }] })
    // Free text reads erased where it stood, an array of terms keeping its length.
    expect(openEvent(sealed[0] as RecordedEvent, cipher).data).toMatchObject({ summary: ERASED })
    expect(openEvent(sealed[1] as RecordedEvent, cipher).data).toMatchObject({ minutes: ERASED })
    expect(openEvent(sealed[2] as RecordedEvent, cipher).data).toMatchObject({ terms: [ERASED, ERASED], facts: ERASED, performance: ERASED })
    expect(openEvent(sealed[3] as RecordedEvent, cipher).data).toEqual({ court: 'c', outcome: 'agreement', terms: [ERASED] })
  })

  it("a complaint's free text (title, description, a supplement, a referral's summary) is the complainant's: sealed, then erased, with their data", () => {
    const { cipher, erase } = tableCipher()
    const free: [string, Record<string, unknown>][] = [
      ['ComplaintRegistered', { title: '李四反映漏水', description: '本人李四，楼上漏水', complainant: { name: '李四' } }],
      ['ComplaintSupplemented', { text: '李四补充：已漏三天', attachments: [] }],
      ['ComplaintReferredToMediation', { applicant: { name: '李四' }, respondents: [], summary: '李四与楼上住户因漏水纠纷' }],
    ]
    const sealed = free.map(([type, data]) => recorded(sealEvent('complaint-1', disputeEvent(type, data), cipher)))
    expect(sealed.map((e) => JSON.stringify({ ...(e.data as Record<string, unknown>), $sealed: undefined })).filter((text) => text.includes('李四'))).toEqual([])
    expect(sealed.map((e) => openEvent(e, cipher).data)).toEqual(free.map(([, data]) => data))
    // A patrol issue has no complainant: its text is sealed under that role all the same, and erased with the case.
    const patrol = recorded(sealEvent('complaint-1', disputeEvent('ComplaintRegistered', { title: '3号楼王某私搭乱建', description: 'd' }), cipher))
    expect(subjectsOfStream([patrol])).toEqual(['complaint-1#complainant'])
    erase('complaint-1#complainant')
    expect(sealed.map((e) => openEvent(e, cipher).data)).toEqual([
      { title: ERASED, description: ERASED, complainant: { name: ERASED } },
      { text: ERASED, attachments: [] },
      { applicant: { name: ERASED }, respondents: [], summary: ERASED },
    ])
    expect(openEvent(patrol, cipher).data).toEqual({ title: ERASED, description: ERASED })
    // A complaint state kept by a read model: its text erased with the names.
    const state = { title: '李四反映漏水', description: '本人李四', supplements: [{ at: 'x', text: '李四补充' }, { at: 'y', attachments: [] }], complainant: { name: '李四' }, category: 'leak' }
    expect(eraseState(state)).toEqual({ title: ERASED, description: ERASED, supplements: [{ at: 'x', text: ERASED }, { at: 'y', attachments: [] }], complainant: { name: ERASED }, category: 'leak' })
  })

  it("a referral's respondents are their own subject: erasing the complainant leaves them, and the other way round", () => {
    const { cipher, erase } = tableCipher()
    const referral = disputeEvent('ComplaintReferredToMediation', { applicant: { name: '李四', phone: '13912345678' }, respondents: [{ name: '赵五' }] })
    const sealed = recorded(sealEvent('complaint-1', referral, cipher))
    expect(Object.keys((sealed.data as { $sealed: Record<string, string> }).$sealed).sort()).toEqual(['complainant', 'respondents'])
    expect(subjectsOfStream([sealed]).sort()).toEqual(['complaint-1#complainant', 'complaint-1#respondents'])
    erase('complaint-1#complainant')
    expect(openEvent(sealed, cipher).data).toMatchObject({ applicant: { name: ERASED, phone: ERASED }, respondents: [{ name: '赵五' }] })
  })

  it("a dispute state's parties, consents, summary and agreed terms read erased", () => {
    // Found in review: the signatures' parties and the confirmation's applicant stayed in a kept state (a read model) while
    // a rebuild read them erased.
    const state = {
      parties,
      consents: ['刘美兰'],
      summary: '王建国与刘美兰',
      agreement: { track: 'people', terms: ['刘美兰赔偿', '付清'], signatures: [{ party: '王建国', signedOn: '2026-01-02' }], effectiveOn: '2026-01-03' },
      confirmation: { applicant: '王建国', court: 'c', courtDecisionDeadline: 'x' },
      sessions: 1,
    }
    expect(eraseState(state)).toEqual({
      parties: [
        { side: 'applicant', name: ERASED, phone: ERASED, idNumber: ERASED, address: ERASED },
        { side: 'respondent', name: ERASED, phone: ERASED, residentId: 'r9' },
      ],
      consents: [ERASED],
      summary: ERASED,
      agreement: { track: 'people', terms: [ERASED, ERASED], signatures: [{ party: ERASED, signedOn: '2026-01-02' }], effectiveOn: '2026-01-03' },
      confirmation: { applicant: ERASED, court: 'c', courtDecisionDeadline: 'x' },
      sessions: 1,
    })
  })
})

describe('a sealed store opens each event once for every reader', () => {
  const countingStore = () => {
    const { cipher: base, erase } = tableCipher()
    let opens = 0
    let erasures = 0
    let looks = 0
    const prepared: string[][] = []
    let preparedOpen = false
    const cipher: FieldCipher = {
      seal: base.seal,
      open: (subject, text) => {
        opens += 1
        if (prepared.length > 0 && !preparedOpen) throw new Error('opened outside the prepared page')
        return base.open(subject, text)
      },
      erasures: () => {
        looks += 1
        return erasures
      },
      prepare: (subjects) => {
        prepared.push([...subjects].sort())
        preparedOpen = true
        return () => {
          preparedOpen = false
        }
      },
    }
    const store = sealedStore(loggedStore().inner, cipher)
    return { store, opens: () => opens, looks: () => looks, prepared, erase: (subject: string) => (erase(subject), (erasures += 1)) }
  }

  it('ten readers of the same log decrypt each sealed event once; after an erasure (by anyone: the count moved) they read "erased"', async () => {
    const { store, opens, erase } = countingStore()
    await store.appendToStream('complaint-1', [registered({ name: '李四', phone: '13912345678' })], { expectedVersion: 'any' })
    await store.appendToStream('complaint-2', [registered({ name: '王五', phone: '13912340000' })], { expectedVersion: 'any' })
    for (let reader = 0; reader < 10; reader++) expect((await store.readAll()).map((e) => (e.data as { complainant: { name: string } }).complainant.name)).toEqual(['李四', '王五'])
    expect(opens()).toBe(2)
    erase('complaint-1#complainant')
    for (let reader = 0; reader < 10; reader++) expect((await store.readAll()).map((e) => (e.data as { complainant: { name: string } }).complainant.name)).toEqual([ERASED, '王五'])
    expect(opens()).toBe(4)
  })

  it('a page read looks at the erasure count once and has the keys of the events it must open loaded at once; what is kept is not loaded again', async () => {
    const { store, opens, looks, prepared, erase } = countingStore()
    for (const [n, name] of ['李四', '王五', '赵六'].entries()) {
      await store.appendToStream(`complaint-${n}`, [registered({ name, phone: '13912345678' }), { ...registered({}), type: 'ComplaintNoted', data: { note: 'n' } }], { expectedVersion: 'any' })
    }
    // (The appends hand back what was given: nothing opened, nothing looked at.)
    const [opensBefore, looksBefore] = [opens(), looks()]
    const names = async () => (await store.readAll()).filter((e) => e.type === 'ComplaintRegistered').map((e) => (e.data as { complainant: { name: string } }).complainant.name)
    expect(await names()).toEqual(['李四', '王五', '赵六'])
    // One look at the count for the page of six events (three sealed), the three subjects loaded at once, three opened.
    expect(looks() - looksBefore).toBe(1)
    expect(prepared).toEqual([['complaint-0#complainant', 'complaint-1#complainant', 'complaint-2#complainant']])
    expect(opens() - opensBefore).toBe(3)
    // Read again: kept, so nothing loaded or opened; the count looked at once more.
    expect(await names()).toEqual(['李四', '王五', '赵六'])
    expect(prepared).toHaveLength(1)
    expect(opens() - opensBefore).toBe(3)
    expect(looks() - looksBefore).toBe(2)
    // After an erasure everything kept is dropped: the page loads the three subjects again and shows the erased one.
    erase('complaint-1#complainant')
    expect(await names()).toEqual(['李四', ERASED, '赵六'])
    expect(prepared).toHaveLength(2)
    expect(opens() - opensBefore).toBe(6)
  })
})

/**
 * Events written before free text was sealed (builds before 2026-12-04): the names sealed, the text the person wrote
 * (a complaint's title and description, a supplement, a dispute's summary, minutes, terms) in clear. The chain covers
 * that text, so it stays in the log; once the case is erased every view must read it "erased" as the names are (found
 * in session 25's note: the case list read "erased" while the case view and history showed the text).
 */
describe('free text written in clear before it was sealed', () => {
  /** The table cipher with what the adapters' key store answers: which subjects were erased (a key destroyed). */
  const erasingCipher = () => {
    const { cipher, erase } = tableCipher()
    const erasedSubjects = new Set<string>()
    const asked: string[] = []
    const withErased: FieldCipher = {
      ...cipher,
      erased: (subject) => {
        asked.push(subject)
        return erasedSubjects.has(subject)
      },
    }
    return { cipher: withErased, asked, erase: (subject: string) => (erase(subject), erasedSubjects.add(subject)) }
  }
  /** A registration as such a build sealed it: the names and address sealed, the title and description left in clear. */
  const legacyRegistration = (cipher: FieldCipher): RecordedEvent => {
    const { title: _title, ...withoutText } = registered({ name: '李四', phone: '13912345678', residentId: 'r1' }, '新华路1号').data as Record<string, unknown>
    const sealed = sealEvent('complaint-1', { ...registered({}), data: withoutText }, cipher)
    return recorded({ ...sealed, data: { ...(sealed.data as Record<string, unknown>), title: '李四反映路灯不亮', description: '本人李四，家住新华路1号' } })
  }

  it('reads as written while the key exists, and "erased" with the names once it is destroyed', () => {
    const { cipher, erase } = erasingCipher()
    const event = legacyRegistration(cipher)
    expect(openEvent(event, cipher).data).toEqual({ title: '李四反映路灯不亮', description: '本人李四，家住新华路1号', complainant: { name: '李四', phone: '13912345678', residentId: 'r1' }, address: '新华路1号' })
    erase('complaint-1#complainant')
    expect(openEvent(event, cipher).data).toEqual({ title: ERASED, description: ERASED, complainant: { name: ERASED, phone: ERASED, residentId: 'r1' }, address: ERASED })
  })

  it('an event with nothing sealed at all (a supplement, the terms reported to a court) reads "erased" once its subject is', () => {
    const { cipher, erase, asked } = erasingCipher()
    const supplement = recorded({ ...registered({}), type: 'ComplaintSupplemented', data: { text: '本人李四补充：路灯已坏三天', at: 'x' } })
    const reported = recorded({ ...registered({}), type: 'ReportedToCourt', data: { court: 'c', outcome: 'agreement', terms: ['刘美兰赔偿王建国2000元', '三日内付清'] } }, 'dispute-d1')
    expect(openEvent(supplement, cipher)).toEqual(supplement)
    expect(openEvent(reported, cipher)).toEqual(reported)
    expect(asked).toEqual(['complaint-1#complainant', 'dispute-d1#parties'])
    erase('complaint-1#complainant')
    expect(openEvent(supplement, cipher).data).toEqual({ text: ERASED, at: 'x' })
    // Another case's subject erased: the dispute's terms stay.
    expect(openEvent(reported, cipher)).toEqual(reported)
    erase('dispute-d1#parties')
    expect(openEvent(reported, cipher).data).toEqual({ court: 'c', outcome: 'agreement', terms: [ERASED, ERASED] })
  })

  it('"erased" copied in clear and events with no personal text are not asked about; a cipher that cannot say infers it from the event\'s own sealed values', () => {
    const { cipher, erase, asked } = erasingCipher()
    const copied = recorded({ ...registered({}), type: 'ComplaintReferredToMediation', data: { summary: ERASED, applicant: { name: ERASED }, respondents: [] } })
    const note = recorded({ ...registered({}), type: 'ComplaintNoted', data: { note: '李四' } })
    expect(openEvent(copied, cipher)).toBe(copied)
    expect(openEvent(note, cipher)).toBe(note)
    expect(asked).toEqual([])
    // Without `erased` (an integrator's cipher): the registration's own sealed names tell that its subject is erased.
    const { erased: _erased, ...bare } = cipher
    const event = legacyRegistration(cipher)
    erase('complaint-1#complainant')
    expect(openEvent(event, bare).data).toMatchObject({ title: ERASED, description: ERASED })
  })

  it('a sealed store erases them in every read, and has their subjects loaded with the page (subjectsToOpen)', async () => {
    const { cipher, erase } = erasingCipher()
    const log: RecordedEvent[] = [
      { ...legacyRegistration(cipher), eventId: 'e0', position: 0 },
      { ...recorded({ ...registered({}), type: 'ComplaintSupplemented', data: { text: '本人李四补充' } }), eventId: 'e1', position: 1, version: 1 },
    ]
    const prepared: string[][] = []
    let erasures = 0
    const counted: FieldCipher = { ...cipher, erasures: () => erasures, prepare: (subjects) => (prepared.push([...subjects]), () => undefined) }
    const inner = { readAll: async () => [...log], readStream: async () => [...log], subscribe: () => (async function* () {})() } as unknown as EventStore
    const store = sealedStore(inner, counted)
    const texts = async () => (await store.readAll()).map((e) => JSON.stringify(e.data))
    expect((await texts()).join()).toContain('本人李四补充')
    expect(prepared).toEqual([['complaint-1#complainant']])
    expect(subjectsToOpen(log)).toEqual(['complaint-1#complainant'])
    erase('complaint-1#complainant')
    erasures += 1
    const after = (await texts()).join()
    expect(after).not.toContain('李四')
    expect(after).toContain(`"text":"${ERASED}"`)
    expect(store.openSealed(log[1] as RecordedEvent).data).toEqual({ text: ERASED })
  })
})

describe("an idempotency key's fingerprint (`metadata.requestHash`): sealed under the case's own subject, shredded with it", () => {
  const DIGEST = 'a'.repeat(64)
  const keyed = (event: NewEvent): NewEvent => ({ ...event, metadata: { ...event.metadata, requestHash: DIGEST } })
  const note: NewEvent = { type: 'NoteAdded', schemaVersion: 1, data: { note: '已回访' }, metadata: registered({}).metadata }

  it("is sealed under the case's subject (a complaint's complainant, a dispute's parties, `request` elsewhere), any event type, and opens to what was given", () => {
    const { cipher } = tableCipher()
    for (const [streamId, role] of [['complaint-1', 'complainant'], ['dispute-d1', 'parties'], ['memo-1', 'request']] as const) {
      for (const event of [keyed(note), keyed(registered({ name: '李四', phone: '13912345678' }))]) {
        const sealed = sealEvent(streamId, event, cipher)
        const written = sealed.metadata.requestHash ?? ''
        expect(written.startsWith(`${SEALED_V2_PREFIX}${role}:`)).toBe(true)
        expect(written).not.toContain(DIGEST)
        expect(subjectsToOpen([recorded(sealed, streamId)])).toContain(`${streamId}#${role}`)
        expect(openEvent(recorded(sealed, streamId), cipher)).toEqual(recorded(event, streamId))
      }
    }
    // No fingerprint, nothing added.
    expect(sealEvent('complaint-1', note, cipher)).toBe(note)
  })

  it('reads "erased" once its subject is, "unreadable" (the reader told) where its key does not open it', () => {
    const { cipher, erase } = tableCipher()
    const sealed = recorded(sealEvent('complaint-1', keyed(note), cipher))
    const told: string[] = []
    const forged: FieldCipher = { ...cipher, open: () => { throw new SealedValueDoesNotOpen('not authentic') } }
    expect(openEvent(sealed, forged, (_e, subject) => told.push(subject)).metadata.requestHash).toBe(UNREADABLE)
    expect(told).toEqual(['complaint-1#complainant'])
    expect(() => openEvent(sealed, forged)).toThrow(/complaint-1#complainant does not open/)
    erase('complaint-1#complainant')
    expect(openEvent(sealed, cipher).metadata.requestHash).toBe(ERASED)
    // A role that is no role of this stream (a raw write into the database) is not opened with any key.
    const crafted = { ...sealed, metadata: { ...sealed.metadata, requestHash: `${SEALED_V2_PREFIX}complaint-2#complainant:eA==` } }
    expect(openEvent(crafted, cipher).metadata.requestHash).toBe(ERASED)
  })

  it('is left out where its subject has no key to seal it under (erased, or read "unreadable"); any other failure of the cipher stops the append', () => {
    const erased: FieldCipher = { seal: () => { throw new Error('complaint-1#complainant was erased') }, open: () => undefined, erased: () => true }
    const left = sealEvent('complaint-1', keyed(note), erased)
    expect(left.metadata).not.toHaveProperty('requestHash')
    expect(left.data).toEqual(note.data)
    const refusing: FieldCipher = { seal: (subject) => { throw new SealingUnreadable(subject) }, open: () => undefined }
    expect(sealEvent('complaint-1', keyed(note), refusing).metadata).not.toHaveProperty('requestHash')
    const broken: FieldCipher = { seal: () => { throw new Error('key store unreachable') }, open: () => undefined, erased: () => false }
    expect(() => sealEvent('complaint-1', keyed(note), broken)).toThrow('key store unreachable')
  })

  it('one written in clear (an older build, or sealing off) reads "erased" once its subject is, through every reader (found in review: an export after the erasure held it)', async () => {
    const erasedSubjects = new Set<string>()
    const { cipher } = tableCipher()
    const telling: FieldCipher = { ...cipher, erased: (subject) => erasedSubjects.has(subject), erasures: () => erasedSubjects.size }
    const { inner, log } = loggedStore()
    await inner.appendToStream('complaint-1', [keyed(note)], { expectedVersion: 'any' })
    const written = log[0] as RecordedEvent
    expect(written.metadata.requestHash).toBe(DIGEST)
    expect(subjectsToOpen([written])).toEqual(['complaint-1#complainant'])
    const store = sealedStore(inner, telling)
    expect((await store.readAll({}))[0]?.metadata.requestHash).toBe(DIGEST)
    expect(openEvent(written, telling)).toBe(written)
    erasedSubjects.add('complaint-1#complainant')
    expect(openEvent(written, telling).metadata.requestHash).toBe(ERASED)
    expect((await store.readAll({}))[0]?.metadata.requestHash).toBe(ERASED)
    expect((await store.readStream('complaint-1'))[0]?.metadata.requestHash).toBe(ERASED)
    expect(store.openSealed(written).metadata.requestHash).toBe(ERASED)
  })

  it('a sealed store hands back what it appended with the fingerprint as given, and its readers read it opened', async () => {
    const { cipher } = tableCipher()
    const { inner, log } = loggedStore()
    const store = sealedStore(inner, { ...cipher, erasures: () => 0 })
    const appended = await store.appendToStream('complaint-1', [keyed(note), keyed(registered({ name: '李四' }))], { expectedVersion: 'any' })
    expect(appended._tag === 'Right' && appended.right.events.map((e) => e.metadata.requestHash)).toEqual([DIGEST, DIGEST])
    expect(log.map((e) => e.metadata.requestHash?.startsWith(`${SEALED_V2_PREFIX}complainant:`))).toEqual([true, true])
    expect((await store.readStream('complaint-1')).map((e) => e.metadata.requestHash)).toEqual([DIGEST, DIGEST])
    expect(store.openSealed(log[0] as RecordedEvent).metadata.requestHash).toBe(DIGEST)
  })
})
