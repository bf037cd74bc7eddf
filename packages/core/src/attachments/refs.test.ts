import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decode } from '../kernel/codec.js'
import { attachmentRefsOf, Attachments, maySeeKind, MAX_ATTACHMENTS } from './refs.js'

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

describe('maySeeKind: images of identity documents are for the handling roles only', () => {
  it('an id-document: handling roles yes; residents, auditors and supervisors no', () => {
    const handling = ['grid-worker', 'community-worker', 'street-officer', 'department-officer', 'hotline-operator', 'mediator', 'court-clerk', 'admin'] as const
    for (const role of handling) expect(maySeeKind({ role }, 'id-document'), role).toBe(true)
    for (const role of ['resident', 'auditor', 'supervisor'] as const) expect(maySeeKind({ role }, 'id-document'), role).toBe(false)
  })

  it('any other kind: whoever reads the case', () => {
    for (const role of ['resident', 'auditor', 'supervisor'] as const) expect(maySeeKind({ role }, 'photo')).toBe(true)
  })
})
