import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskAddress, maskIdNumber, maskName, maskNamesInText, maskPersonalData, maskPersonalDataAndNames, maskPersonalDataExceptOwn, maskPhone, withoutPersonalDocuments } from './mask.js'

describe('masking personal data', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13800138000')).toBe('138****8000')
    expect(maskPhone('138-0013-8000')).toBe('138****8000')
  })
  it('keeps only the last 4 digits of another number', () => {
    expect(maskPhone('04714567890')).toBe('*******7890')
    expect(maskPhone('110')).toBe('***')
  })
  it('keeps the first character of a name', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('王')).toBe('王*')
  })
  it('keeps the region code and last 4 characters of an id number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X')
    expect(maskIdNumber('1234')).toBe('****')
  })
  it('masks people inside a value but leaves units and other fields alone', () => {
    const value = {
      id: 'c1',
      complainant: { name: '李四', phone: '13912345678', idNumber: '150102199001011234' },
      parties: [{ role: 'applicant', name: '王小明', contact: { phone: '13700001111' } }],
      unit: { id: 'u1', name: '乌兰察布东路街道办事处' },
    }
    expect(maskPersonalData(value)).toEqual({
      id: 'c1',
      complainant: { name: '李*', phone: '139****5678', idNumber: '150102********1234' },
      parties: [{ role: 'applicant', name: '王**', contact: { phone: '137****1111' } }],
      unit: { id: 'u1', name: '乌兰察布东路街道办事处' },
    })
    expect(value.complainant.phone).toBe('13912345678')
  })
  it('keeps the first 6 characters of an address', () => {
    // 20 characters (8 + 3 + 6 + 3): the first 6 kept, 14 stars.
    expect(maskAddress('内蒙古呼和浩特市赛罕区乌兰察布东路12号')).toBe('内蒙古呼和浩' + '*'.repeat(14))
    expect(maskAddress('12号')).toBe('1**')
  })
  it('masks the parties named in signatures, applications, consents, extensions and sessions, addresses, and a resident acting', () => {
    const value = {
      address: '赛罕区乌兰察布东路12号',
      agreement: { signatures: [{ party: '王芳', signedOn: '2026-03-10' }], mediator: { id: 'pm-1', name: '张调解' } },
      consents: ['李强'],
      confirmation: { applicant: '王芳', consentedBy: ['李强'], court: '赛罕区人民法院' },
      attendees: ['王芳', '李强'],
      agreedBy: ['王芳'],
      party: '李强',
      actor: { id: 'r-1', role: 'resident', jurisdiction: 'hohhot', name: '王芳' },
      officer: { id: 's-1', role: 'street-officer', jurisdiction: 'hohhot', name: '赵主任' },
    }
    expect(maskPersonalData(value)).toEqual({
      address: '赛罕区乌兰察******',
      agreement: { signatures: [{ party: '王*', signedOn: '2026-03-10' }], mediator: { id: 'pm-1', name: '张调解' } },
      consents: ['李*'],
      confirmation: { applicant: '王*', consentedBy: ['李*'], court: '赛罕区人民法院' },
      attendees: ['王*', '李*'],
      agreedBy: ['王*'],
      party: '李*',
      actor: { id: 'r-1', role: 'resident', jurisdiction: 'hohhot', name: '王*' },
      officer: { id: 's-1', role: 'street-officer', jurisdiction: 'hohhot', name: '赵主任' },
    })
  })
})

describe('maskNamesInText', () => {
  it('masks the known names wherever free text repeats them, longer names first, leaving everything else', () => {
    const masked = maskNamesInText({ terms: ['李强于3月20日前赔偿王芳维修费2000元'], summary: '欧阳娜娜与欧阳争执', n: 3, status: 'erased' }, ['王芳', '李强', '欧阳', '欧阳娜娜', '张'])
    expect(masked).toEqual({ terms: ['李*于3月20日前赔偿王*维修费2000元'], summary: '欧***与欧*争执', n: 3, status: 'erased' })
  })
})

/** Every key path of a value in order, with each leaf's type: equal lists mean the same shape, key order included. */
const shapeOf = (value: unknown, path = '$'): string[] => {
  if (Array.isArray(value)) return [`${path}:array`, ...value.flatMap((v, i) => shapeOf(v, `${path}[${i}]`))]
  if (typeof value === 'object' && value !== null) return [`${path}:object`, ...Object.keys(value).flatMap((k) => shapeOf((value as Record<string, unknown>)[k], `${path}.${k}`))]
  return [`${path}:${typeof value}`]
}

describe('maskPersonalDataAndNames', () => {
  const people = ['王芳', '李强', '欧阳', '欧阳娜娜', '张', ' 赵四 ']
  // Keys every rule looks at, and others; text that holds the names, numbers, `erased`, and anything.
  const key = fc.oneof(
    fc.constantFrom('phone', 'mobile', 'idNumber', 'address', 'name', 'role', 'complainant', 'parties', 'party', 'contact', 'consents', 'attendees', 'agreedBy', 'terms', 'summary', 'sha256', 'kind', '__proto__', '0', '7'),
    fc.string({ maxLength: 4 }),
  )
  const text = fc.oneof(
    fc.constantFrom('erased', 'resident', '13800138000', '11010519491231002X', '赛罕区乌兰察布东路12号', 'id-document', 'photo', 'a'.repeat(64)),
    fc.array(fc.constantFrom(...people, '于', '赔偿', ' ', 'x'), { maxLength: 6 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 8 }),
  )
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    // Built as JSON.parse builds objects: an own `__proto__` key stays a key.
    object: fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((members) => JSON.parse(JSON.stringify(Object.fromEntries(members))) as unknown),
  }))

  it('gives what maskNamesInText gives after maskPersonalData, for any value and names', () => {
    fc.assert(
      fc.property(value, fc.subarray(people), (v, names) => {
        const fused = maskPersonalDataAndNames(v, names)
        const twoWalks = maskNamesInText(maskPersonalData(v), names)
        expect(fused).toStrictEqual(twoWalks)
        expect(shapeOf(fused)).toEqual(shapeOf(twoWalks))
        expect(JSON.stringify(fused)).toBe(JSON.stringify(twoWalks))
      }),
      { numRuns: 500 },
    )
  })

  it('maskPersonalDataExceptOwn, for a reader the value does not name, masks as maskPersonalDataAndNames does', () => {
    fc.assert(
      fc.property(value, fc.subarray(people), (v, names) => {
        const own = maskPersonalDataExceptOwn(v, names, { residentId: 'r-nobody', names: [] })
        expect(JSON.stringify(own)).toBe(JSON.stringify(maskPersonalDataAndNames(v, names)))
      }),
      { numRuns: 500 },
    )
  })
})

describe('maskPersonalDataExceptOwn', () => {
  const wang = { side: 'applicant', name: '王芳', phone: '13800138000', idNumber: '11010519491231002X', address: '赛罕区乌兰察布东路12号', residentId: 'r-wang' }
  const li = { side: 'respondent', name: '李强', phone: '13900139000', address: '赛罕区乌兰察布东路14号' }
  const own = { residentId: 'r-wang', names: ['王芳'] }

  it("keeps the reader's own person record, names and actor; masks the other party everywhere", () => {
    const state = {
      parties: [wang, li],
      summary: '李强家漏水，王芳要求赔偿',
      consents: ['王芳', '李强'],
      lastActor: { id: 'r-wang', role: 'resident', name: '王芳' },
      other: { id: 'r-li', role: 'resident', name: '李强' },
    }
    expect(maskPersonalDataExceptOwn(state, ['王芳', '李强'], own)).toEqual({
      parties: [wang, { side: 'respondent', name: '李*', phone: '139****9000', address: '赛罕区乌兰察******' }],
      summary: '李*家漏水，王芳要求赔偿',
      consents: ['王芳', '李*'],
      lastActor: { id: 'r-wang', role: 'resident', name: '王芳' },
      other: { id: 'r-li', role: 'resident', name: '李*' },
    })
  })

  it("keeps what the owner gave on its own case (complainant, the case's address), not another's", () => {
    const complaint = { ownerId: 'r-wang', complainant: { name: '王芳', phone: '13800138000' }, address: '赛罕区乌兰察布东路12号' }
    expect(maskPersonalDataExceptOwn(complaint, ['王芳'], own)).toEqual(complaint)
    const others = { ownerId: 'r-li', complainant: { name: '李强', phone: '13900139000' }, address: '赛罕区乌兰察布东路14号' }
    expect(maskPersonalDataExceptOwn(others, ['李强'], own)).toEqual({
      ownerId: 'r-li',
      complainant: { name: '李*', phone: '139****9000' },
      address: '赛罕区乌兰察******',
    })
  })
})

describe('images of personal documents (attachment references of kind id-document)', () => {
  const ID = 'a'.repeat(64)
  const PHOTO = 'b'.repeat(64)
  const state = {
    status: 'reported',
    parties: [{ side: 'applicant', name: '王芳', phone: '13800138000' }],
    attachments: [
      { sha256: ID, kind: 'id-document', attachedBy: 'DisputeReported' },
      { sha256: PHOTO, kind: 'photo', caption: '漏水' },
    ],
    result: { attachments: [{ sha256: ID, kind: 'id-document' }] },
  }

  it('masked data leaves out every reference to one, wherever it is, and keeps every other file', () => {
    for (const masked of [maskPersonalData(state), maskPersonalDataAndNames(state, ['王芳'])]) {
      expect(JSON.stringify(masked)).not.toContain(ID)
      expect(masked.attachments).toEqual([{ sha256: PHOTO, kind: 'photo', caption: '漏水' }])
      expect(masked.result).toEqual({ attachments: [] })
    }
  })

  it('withoutPersonalDocuments leaves them out and nothing else (no masking), and the value itself when it names none', () => {
    const shown = withoutPersonalDocuments(state)
    expect(shown).toEqual({ ...state, attachments: [state.attachments[1]], result: { attachments: [] } })
    expect(shown.parties).toBe(state.parties)
    expect(state.attachments).toHaveLength(2)
    const none = { ...state, attachments: [state.attachments[1]], result: {} }
    expect(withoutPersonalDocuments(none)).toBe(none)
  })

  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('id-document', 'photo', ID),
      fc.integer(),
      fc.constant(null),
      fc.record({ sha256: fc.constantFrom(ID, PHOTO), kind: fc.constantFrom('id-document', 'photo', 'agreement') }).map((ref) => ({ ...ref })),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc
      .array(fc.tuple(fc.constantFrom('attachments', 'sha256', 'kind', 'photos', '__proto__', 'x'), tie('value')), { maxLength: 4 })
      .map((members) => JSON.parse(JSON.stringify(Object.fromEntries(members))) as unknown),
  }))
  const isIdRef = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { sha256?: unknown }).sha256 === 'string' && (v as { kind?: unknown }).kind === 'id-document'
  // The rule written plainly: every list without its identity-document references, every object copied key by key.
  const plainly = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.filter((x) => !isIdRef(x)).map(plainly)
      : typeof v === 'object' && v !== null
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainly(x)]))
        : v

  it('withoutPersonalDocuments gives what the rule written plainly gives, for any value, and leaves its input as it was', () => {
    fc.assert(
      fc.property(value, (v) => {
        const before = JSON.stringify(v)
        const shown = withoutPersonalDocuments(v)
        expect(JSON.stringify(shown)).toBe(JSON.stringify(plainly(v)))
        expect(shown).toStrictEqual(plainly(v))
        expect(JSON.stringify(v)).toBe(before)
      }),
      { numRuns: 500 },
    )
  })
})
