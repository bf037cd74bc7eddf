import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { attachmentRefsOf, Attachments, maySeeKind, MAX_ATTACHMENTS, type FoundRef } from './refs.js'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)

describe('attachmentRefsOf: every file a command or an event names, with the field', () => {
  it('finds AttachmentRefs at any depth, and a consent’s documentHash (kind consent), in document order', () => {
    const data = { result: '已处理', attachments: [{ sha256: A, kind: 'photo' }], nested: { list: [{ attachments: [{ sha256: B, kind: 'ruling' }] }] }, documentHash: A }
    expect(attachmentRefsOf(data)).toEqual([
      { path: 'attachments[0].sha256', sha256: A, kind: 'photo' },
      { path: 'nested.list[0].attachments[0].sha256', sha256: B, kind: 'ruling' },
      { path: 'documentHash', sha256: A, kind: 'consent' },
    ])
  })

  it('finds bare hashes too: a field named …Hash or …Sha256, a list of hashes under a name for files (kind from the name)', () => {
    expect(attachmentRefsOf({ photos: [A, B], signedAgreementHash: B, rulingSha256: A, scanHashes: [A] })).toEqual([
      { path: 'photos[0]', sha256: A, kind: 'photo' },
      { path: 'photos[1]', sha256: B, kind: 'photo' },
      { path: 'signedAgreementHash', sha256: B, kind: 'agreement' },
      { path: 'rulingSha256', sha256: A, kind: 'ruling' },
      { path: 'scanHashes[0]', sha256: A, kind: 'document' },
    ])
  })

  it('a party’s application named by its field (apply-confirmation’s applicationHash) is an application, a personal document', () => {
    expect(attachmentRefsOf({ applicant: '王女士', applicationHash: A })).toEqual([{ path: 'applicationHash', sha256: A, kind: 'application' }])
  })

  it('ignores what is not a hash (a wrong length, upper case, a field not named for a file)', () => {
    expect(attachmentRefsOf({ sha256: 'abc', hash: A, documentHash: A.toUpperCase(), note: A, terms: [A], photos: ['x'] })).toEqual([])
    expect(attachmentRefsOf(undefined)).toEqual([])
  })
})

describe('Attachments (the codec of a command’s attachments field)', () => {
  it('takes hash, kind and an optional caption', () => {
    expect(decode(Attachments, [{ sha256: A, kind: 'photo', caption: '现场' }])).toEqual(E.right([{ sha256: A, kind: 'photo', caption: '现场' }]))
  })

  it('names what is wrong: a bad hash, an unknown kind, a file named twice, more than the most', () => {
    const paths = (value: unknown) => {
      const decoded = decode(Attachments, value)
      return E.isLeft(decoded) && decoded.left.code === 'validation' ? decoded.left.errors.map((e) => `${e.path}: ${e.message}`) : []
    }
    expect(paths([{ sha256: 'nope', kind: 'photo' }])).toEqual(['[0].sha256: expected a sha-256 hash: 64 lower-case hex digits'])
    expect(paths([{ sha256: A, kind: 'selfie' }])[0]).toMatch(/^\[0\]\.kind: /)
    expect(paths([{ sha256: A, kind: 'photo' }, { sha256: A, kind: 'document' }])).toEqual([`(root): names ${A} twice`])
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({ sha256: i.toString(16).padStart(64, '0'), kind: 'photo' }))
    expect(paths(many)).toEqual([`(root): expected at most ${MAX_ATTACHMENTS} attachments`])
    expect(paths(many.slice(0, MAX_ATTACHMENTS))).toEqual([])
  })
})

describe('maySeeKind: images of identity documents are for the handling roles only, a party’s own documents for them and the parties', () => {
  const handling = ['grid-worker', 'community-worker', 'street-officer', 'department-officer', 'hotline-operator', 'mediator', 'court-clerk'] as const
  it('an id-document: handling roles yes; residents, auditors, supervisors and admins (who handle no case) no', () => {
    for (const role of handling) expect(maySeeKind({ role }, 'id-document'), role).toBe(true)
    for (const role of ['resident', 'auditor', 'supervisor', 'admin'] as const) expect(maySeeKind({ role }, 'id-document'), role).toBe(false)
  })

  it('a party’s own documents (agreement, consent, application, signature): the handling roles and residents (its parties) yes; auditors, supervisors and admins no', () => {
    for (const kind of ['agreement', 'consent', 'application', 'signature']) {
      for (const role of [...handling, 'resident'] as const) expect(maySeeKind({ role }, kind), `${role} ${kind}`).toBe(true)
      for (const role of ['auditor', 'supervisor', 'admin'] as const) expect(maySeeKind({ role }, kind), `${role} ${kind}`).toBe(false)
    }
  })

  it('any other kind (a photo, a unit’s document, a court’s ruling): whoever reads the case', () => {
    for (const kind of ['photo', 'document', 'ruling']) for (const role of ['resident', 'auditor', 'supervisor', 'admin'] as const) expect(maySeeKind({ role }, kind), `${role} ${kind}`).toBe(true)
  })
})

/** attachmentRefsOf as it was (a list per member, through Object.entries and flatMap): the walk must find the same. */
const ONE_HASH = /^(sha256|.+Hash|.+Sha256)$/
const HASH_LIST = /(photos|attachments|scans|files|documents|Hashes)$/i
const HEX64 = /^[0-9a-f]{64}$/
const kindOfField = (key: string): string => {
  if (key === 'documentHash') return 'consent'
  const name = key.toLowerCase()
  for (const kind of ['photo', 'agreement', 'ruling', 'consent', 'signature', 'application'] as const) if (name.includes(kind)) return kind
  return name.includes('iddocument') || name.includes('idcard') ? 'id-document' : 'document'
}
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const oldRefsOf = (data: unknown, path = '', depth = 0): FoundRef[] => {
  if (depth > 32) return []
  if (Array.isArray(data)) return data.flatMap((item, i) => oldRefsOf(item, `${path}[${i}]`, depth + 1))
  if (!isRecord(data)) return []
  return Object.entries(data).flatMap(([key, value]) => {
    const at = path === '' ? key : `${path}.${key}`
    if (ONE_HASH.test(key) && typeof value === 'string' && HEX64.test(value)) {
      const kind = key === 'sha256' ? (typeof data['kind'] === 'string' ? data['kind'] : 'document') : kindOfField(key)
      return [{ path: at, sha256: value, kind }]
    }
    if (HASH_LIST.test(key) && Array.isArray(value) && value.some((v) => typeof v === 'string')) {
      return value.flatMap((v, i) => (typeof v === 'string' && HEX64.test(v) ? [{ path: `${at}[${i}]`, sha256: v, kind: kindOfField(key) }] : oldRefsOf(v, `${at}[${i}]`, depth + 1)))
    }
    return oldRefsOf(value, at, depth + 1)
  })
}

describe('attachmentRefsOf walks as the list-per-member walk did', () => {
  const key = fc.constantFrom('sha256', 'kind', 'photos', 'attachments', 'Scans', 'documentHash', 'rulingSha256', 'idCardPhotoHash', 'scanHashes', 'note', '0', '12', '__proto__', 'list')
  const leaf = fc.oneof(fc.constantFrom(A, B, 'photo', 'ruling', 'A'.repeat(64), `${A}0`), fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
  const { data } = fc.letrec<{ data: unknown }>((tie) => ({
    data: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('data'), { maxLength: 4 }),
      fc.sparseArray(tie('data'), { maxLength: 4 }),
      fc.dictionary(key, tie('data'), { maxKeys: 5 }),
    ),
  }))
  it('finds the same refs, paths and kinds in the same order, for any data (hashes in lists, nested, sparse, deep)', () => {
    fc.assert(
      fc.property(data, fc.constantFrom('', 'x', 'a.b[0]'), fc.nat(34), (d, path, depth) => {
        expect(attachmentRefsOf(d, path, depth)).toEqual(oldRefsOf(d, path, depth))
      }),
      { numRuns: 3_000 },
    )
  })
  it('walks no deeper than 32 levels, as before', () => {
    let deep: unknown = { sha256: A }
    for (let i = 0; i < 40; i += 1) deep = i % 2 === 0 ? [deep] : { attachments: deep }
    expect(attachmentRefsOf(deep)).toEqual(oldRefsOf(deep))
    expect(attachmentRefsOf(deep)).toEqual([])
  })
})
