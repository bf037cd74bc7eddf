// maskText (free text's numbers masked: `maskNamesInText(text, [])`) is idempotent — masking what is masked changes
// nothing: a masked view masked again (a list built from masked rows, an export of a masked history) reads the same.
// Arbitrary text of digits (ASCII and full-width, single and in runs), separators, brackets, plus, X, stars (ASCII and
// full-width, single and as a mask's run), Latin and Chinese phone labels and words that look like them, whole numbers
// of every form, and Chinese numerals (single, in words, as numbers). No input is excluded: the one class fast-check
// found (a number's kept last digits beginning another: 0102000471-4567890, ２００6222 0212 3456 7894 after tel) is
// masked the first time (mask.ts, maskNumbers).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskNamesInText, maskPersonalDataExceptOwn } from './mask.js'

const maskText = (text: string): string => maskNamesInText(text, [])

const toWide = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replaceAll(' ', '\u3000')
const digit = fc.integer({ min: 0, max: 9 }).map(String)
const run = fc.array(digit, { minLength: 1, maxLength: 19 }).map((d) => d.join(''))
const piece = fc.oneof(
  digit,
  digit.map(toWide),
  run,
  run.map(toWide),
  fc.constantFrom(' ', '-', '　', '－', '(', ')', '（', '）', '+', '86', 'X', 'x', 'a', '.', ':', '：', '#', '*', '＊', '****', '＊＊＊＊'),
  fc.constantFrom('tel', 'TEL', 'phone', 'Mobile', 'fax', 'hotel', 'Tel: ', '电话', '电话：', '座机', '手机', '联系电话', '电话号码', '号', '王', '，', '元', '+86 ', '-801', 'e3b0'),
  fc.constantFrom('13912345678', '0471-4567890', '(0471)4567890', '110105199001011234', '6222021234567894', '6222 0212 3456 7894', '6612345', '66123456'),
  // Chinese numerals (a number written out in them, single ones, numeral words): numeralNumbers.test.ts.
  fc.constantFrom('一', '幺', '〇', '零', '三', '八', '张三', '一直', '一三八一二三四五六七八', '幺三八 一二三四 五六七八', '一一〇一〇五一九四九一二三一〇〇二X', '〇四七一-四五六七八九〇', '六六一二三四五'),
)
const text = fc.array(piece, { maxLength: 24 }).map((ps) => ps.join(''))

describe('maskText', () => {
  it('is idempotent: masking its output again changes nothing', () => {
    fc.assert(
      fc.property(text, (t) => {
        const once = maskText(t)
        expect(maskText(once)).toBe(once)
      }),
      { numRuns: 20000 },
    )
  })

  it('the counterexamples it found: the number a masked one’s kept digits begin is masked the first time', () => {
    expect(maskText('0102000471-4567890')).toBe('*************7890')
    expect(maskText('tel２００6222 0212 3456 7894')).toBe('tel＊＊＊６２２２０２＊＊＊＊＊＊７８９４')
    expect(maskText('139123456780471-4567890')).toBe('139123************7890')
    // Digits in groups of 4 after a label that fail the Luhn check are no card, but their first two groups are a local
    // number after the label (2100 0000, masked ****0000); 0200 2062220 is a landline with its area code (*******2220).
    // Found by mask.test.ts's property at seed 1825388915: the first masking left the local number, the second masked it.
    expect(maskText('TEL2100 0000 0000 0200 2062220')).toBe('TEL****0000 0000 *******2220')
    expect(maskText('电话：2100 0000 0000 0200')).toBe('电话：****0000 0000 0200')
    // The mobile masked (137****0000), its kept 137 reads as the tail of a 19-digit card in groups that passes the Luhn
    // check (1010010000010000137): stars, not digits, now follow it. Masked the first time (a second masking would).
    expect(maskText('1010 0100 0001 0000 13701300000 0000')).toBe('101001*********0137****0000 0000')
    // Joined by hyphens the groups go on after the local number (its next group is no extension): no number at all.
    expect(maskText('电话：2100-0000-0000-0200')).toBe('电话：2100-0000-0000-0200')
  })

  it('is idempotent for a resident reading its own numbers too (kept in clear, the rest masked)', () => {
    const own = { residentId: 'r-wang', names: [], numbers: ['13912345678', '0471-4567890', '6612345'] }
    fc.assert(
      fc.property(text, (t) => {
        const once = maskPersonalDataExceptOwn({ note: t }, [], own)
        expect(maskPersonalDataExceptOwn(once, [], own)).toEqual(once)
      }),
      { numRuns: 5000 },
    )
  })
})
