import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { unencodableText } from './wellFormed.js'

describe('unencodableText', () => {
  it('names the first string or key holding a lone surrogate, and passes well-formed text (surrogate pairs too)', () => {
    expect(unencodableText({ note: '暖气不热 😀', parties: [{ name: '甲' }] })).toBeUndefined()
    expect(unencodableText({ note: '\ud800' })).toEqual({ path: 'note', message: 'contains text that is not valid Unicode (a lone surrogate)' })
    expect(unencodableText({ parties: [{ name: 'ok' }, { name: 'a\udc00' }] })?.path).toBe('parties[1].name')
    expect(unencodableText({ unit: { ['\ud83d']: 1 } })?.path).toBe('unit.\ufffd')
    expect(unencodableText('\udfff')?.path).toBe('(root)')
  })
})

// The walk as first written (a path made for every field): the reference the lazy-path walk must equal.
const LONE = /\p{Cs}/u
const reference = (value: unknown, path = '(root)', budget = { left: 100_000 }, depth = 0): { path: string; message: string } | undefined => {
  if ((budget.left -= 1) < 0 || depth > 64) return undefined
  const at = (key: string | number) => (path === '(root)' ? String(key) : typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`)
  if (typeof value === 'string') return LONE.test(value) ? { path, message: 'contains text that is not valid Unicode (a lone surrogate)' } : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = reference(value[i], at(i), budget, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (LONE.test(key)) return { path: at(key.replace(/\p{Cs}/gu, '\uFFFD')), message: 'is a field name that is not valid Unicode (a lone surrogate)' }
      const found = reference(inner, at(key), budget, depth + 1)
      if (found !== undefined) return found
    }
  }
  return undefined
}

// Text of plain letters, Chinese, surrogate pairs and lone surrogates, in keys and values, at any depth.
const unit = fc.constantFrom('a', 'b', '1', '暖', '😀', '\ud800', '\udc00', '\ud83d')
const awkward = fc.string({ unit, maxLength: 4 })
const value = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, awkward, fc.integer(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(awkward, tie('value'), { maxKeys: 4 })),
})).value

describe('unencodableText, walked without a path per field', () => {
  it('finds the same fault at the same path as the walk it replaced', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(unencodableText(v)).toEqual(reference(v))
      }),
      { numRuns: 2_000 },
    )
  })

  it('stops where the walk it replaced stopped: past its budget and its depth', () => {
    const deep = JSON.parse(`${'['.repeat(70)}"\\ud800"${']'.repeat(70)}`) as unknown
    expect(unencodableText(deep)).toEqual(reference(deep))
    expect(unencodableText(deep)).toBeUndefined()
    const wide = [...Array.from({ length: 10 }, () => 'ok'), '\ud800']
    expect(unencodableText(wide, '(root)', { left: 5 })).toEqual(reference(wide, '(root)', { left: 5 }))
    expect(unencodableText(wide, '(root)', { left: 50 })).toEqual({ path: '10', message: 'contains text that is not valid Unicode (a lone surrogate)' })
  })
})
