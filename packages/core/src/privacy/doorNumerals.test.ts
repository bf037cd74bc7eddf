// A door written in Chinese numerals (三号楼二单元二〇一室, 十二栋) is the same door as 3号楼2单元201: free text that
// repeats a person's address in either writing is masked wherever the record's is (core's `addressesOf`, `canonical`).
// Found in review (2026-12-07): a mediator's 住新华小区三号楼二单元201室 read in full beside the same address masked.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { chineseNumeral, maskNamesInText, maskPersonalDataExceptOwn, peopleNamed } from './mask.js'

const DIGITS = '零一二三四五六七八九'
/** A number as people write it: ASCII, full-width, Chinese positional (二〇一 / 二零一, 两 for 2), or counting (二百零一). */
const writings = (n: number): string[] => {
  const ascii = String(n)
  const forms = [ascii, ascii.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))]
  forms.push([...ascii].map((d) => DIGITS[Number(d)]).join(''), [...ascii].map((d) => (d === '0' ? '〇' : DIGITS[Number(d)])).join(''))
  if (n === 2) forms.push('两')
  if (n < 1000) {
    const h = Math.floor(n / 100)
    const t = Math.floor((n % 100) / 10)
    const u = n % 10
    let counting = h > 0 ? `${DIGITS[h]}百` : ''
    if (t > 0) counting += `${h > 0 || t > 1 ? DIGITS[t] : ''}十`
    else if (h > 0 && u > 0) counting += '零'
    if (u > 0) counting += DIGITS[u]
    forms.push(counting)
  }
  return forms
}

it('reads Chinese numerals as their numbers, both forms; not what is neither', () => {
  expect(['三', '十二', '二十', '十', '二〇一', '二零一', '二百零一', '一百一十', '两', '五百', '一〇'].map(chineseNumeral)).toEqual(['3', '12', '20', '10', '201', '201', '201', '110', '2', '500', '10'])
  expect(['十十', '百', '一十百'].map(chineseNumeral)).toEqual([undefined, undefined, undefined])
  for (let n = 1; n < 1000; n += 1) for (const w of writings(n).slice(2)) expect(chineseNumeral(w), w).toBe(String(n))
})

/** Text around a door: no numeral, digit or door word that would join its number (李四十七号楼 reads as 李 at 47: a limit). */
const filler = fc.array(fc.constantFrom('住', '在', '，', '说', '漏水', '邻居', '天', '找', '。', ' ', '李强'), { maxLength: 6 }).map((a) => a.join(''))
const door = fc.record({ building: fc.integer({ min: 1, max: 40 }), unit: fc.integer({ min: 1, max: 9 }), floor: fc.integer({ min: 1, max: 33 }), room: fc.integer({ min: 1, max: 8 }) })
const pick = (n: number) => fc.constantFrom(...writings(n))

/** A door, written twice (the record's way and the text's), each number in any of its writings. */
const twoWritings = door.chain((d) => {
  const room = d.floor * 100 + d.room
  const one = fc.tuple(pick(d.building), pick(d.unit), pick(room)).map(([b, u, r]) => `${b}号楼${u}单元${r}`)
  return fc.record({ record: one, text: one, shorthand: fc.constant(`${d.building}-${d.unit}-${room}`) })
})

describe('a door in free text, in Chinese numerals or digits, whichever the record uses', () => {
  it('is masked: the masked text never holds the door as the text wrote it, and masking again changes nothing', () => {
    fc.assert(
      fc.property(twoWritings, fc.boolean(), fc.boolean(), fc.boolean(), filler, filler, (d, estate, roomWord, recordRoomWord, before, after) => {
        const record = { address: `呼和浩特市赛罕区新华小区${d.record}${recordRoomWord ? '室' : ''}` }
        const text = `${before}${estate ? '新华小区' : ''}${d.text}${roomWord ? '室' : ''}${after}`
        const names = peopleNamed(record)
        const masked = maskNamesInText(text, names)
        expect(masked).not.toContain(d.text)
        expect(maskNamesInText(masked, names)).toBe(masked)
        // Its shorthand too (3-2-201), whichever way the record writes the door.
        expect(maskNamesInText(`${before}${d.shorthand}${after}`, names)).not.toContain(d.shorthand)
      }),
      { numRuns: 500 },
    )
  })

  it('is kept for the resident whose address it is, and masked in the other party’s', () => {
    const mine = { side: 'applicant', name: '王五', address: '呼和浩特市赛罕区新华小区3号楼2单元201', residentId: 'r-wang' }
    const theirs = { side: 'respondent', name: '李四', address: '呼和浩特市赛罕区新华小区五号楼一单元一〇一室' }
    const state = { parties: [mine, theirs], summary: '李四住新华小区5号楼1单元101，王五住三号楼二单元二〇一' }
    const own = { residentId: 'r-wang', names: ['王五', '呼和浩特市赛罕区新华小区3号楼2单元201', '新华小区3号楼2单元201', '3号楼2单元201', '3-2-201'] }
    const shown = maskPersonalDataExceptOwn(state, peopleNamed(state), own)
    expect(shown.summary).toBe('李*住新************，王五住三号楼二单元二〇一')
  })

  it('leaves ordinary text alone: a floor, a day, a month, a name (decided: 二楼的邻居 names no door of the record)', () => {
    const names = peopleNamed({ parties: [{ name: '张三', address: '呼和浩特市赛罕区新华小区二号楼二单元二〇二室' }] })
    for (const text of ['三天前二楼的邻居说', '十二月三号下午', '一楼到三楼都漏水', '住在二单元的人', '张三的二号楼', '2号楼2单元的邻居', '十二栋', '2-2-203']) {
      expect(maskNamesInText(text, names), text).toBe(text.replace('张三', '张*'))
    }
  })
})
