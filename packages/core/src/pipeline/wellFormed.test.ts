import { describe, expect, it } from 'vitest'
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
