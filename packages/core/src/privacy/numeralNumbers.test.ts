// A phone or id number written in Chinese numerals (一三八一二三四五六七八; 幺 for 一 as operators say it; 〇 or 零 for 0;
// a space or hyphen between groups; an id's last character X or x) is masked in free text as the same number in digits
// is, character for character. Found in review (session 45): a note 联系电话一三八一二三四五六七八 read in full to every
// masked reader (DOMAIN.md "Jurisdiction and actors": phones and id numbers masked in lists, dashboards, exports, the live
// feed, for auditors and supervisors).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maskNamesInText, maskPersonalDataAndNames, maskPersonalDataExceptOwn } from './mask.js'

const masked = (text: string): string => maskNamesInText(text, [])

describe('a phone or id number in Chinese numerals', () => {
  // Worked by hand from the digits' masks (139****5678; 110105********1234; *******7890; ***2345): each digit kept is the
  // numeral as written, each masked a star; separators go where the digits' mask drops them.
  it.each([
    ['联系电话一三八一二三四五六七八', '联系电话一三八****五六七八'], // 13812345678 → 138****5678
    ['幺三八 一二三四 五六七八', '幺三八****五六七八'], // 138 1234 5678 → 138****5678
    ['电话：幺三八-幺二三四-五六七八，找王师傅', '电话：幺三八****五六七八，找王师傅'],
    ['幺三八零零幺三八零零零', '幺三八****八零零零'], // 13800138000
    ['+八六 一三八一二三四五六七八', '+八六 一三八****五六七八'], // +86 before it kept as written
    ['身份证一一〇一〇五一九九〇〇一〇一一二三四', '身份证一一〇一〇五********一二三四'], // 110105********1234
    ['身份证号一一〇一〇五一九四九一二三一〇〇二X。', '身份证号一一〇一〇五********〇〇二X。'],
    ['身份证号一一〇一〇五一九四九一二三一〇〇二x', '身份证号一一〇一〇五********〇〇二x'],
    ['身份证号一五〇一〇五一九八八○七○七一二三四', '身份证号一五〇一〇五********一二三四'], // ○ (a circle) typed for 〇
    ['旧证一一〇一〇五四九一二三一〇〇二', '旧证一一〇一〇五*****一〇〇二'], // 15 digits: 110105*****1002
    ['座机〇四七一-四五六七八九〇', '座机*******七八九〇'], // 0471-4567890 → *******7890
    ['电话 六六一二三四五', '电话 ***二三四五'], // a local number after a label: ***2345
    ['１３９１２３４５６７８，一三八一二三四五六七八', '１３９＊＊＊＊５６７８，一三八****五六七八'], // digits as before, beside
    // A numeral word before or after it (a name, 一直): the number is still read.
    ['张三一三八一二三四五六七八', '张三一三八****五六七八'],
    ['电话一三八一二三四五六七八一直没人接', '电话一三八****五六七八一直没人接'],
    // An id that passes its check (GB 11643-1999: 11010519491231002X does) is read where it stands; one that does not
    // is read from the run's first numeral (decided: 四 cannot be told from a digit), its birth date masked all the same.
    ['李四一一〇一〇五一九四九一二三一〇〇二X', '李四一一〇一〇五********〇〇二X'],
    ['李四一一〇一〇五一九四九一二三一〇〇二X一直', '李四一一〇一〇五********〇〇二X一直'],
    ['李四一一〇一〇五一九九〇〇一〇一一二三四', '李四一一〇一〇********一一二三四'], // 411010519900101123 → 411010********1123
  ])('%s → %s', (text, shown) => {
    expect(masked(text)).toBe(shown)
    expect(masked(shown)).toBe(shown)
    expect(maskPersonalDataAndNames({ note: text }, []).note).toBe(shown)
  })

  it('the shortest wherever it starts: the pre-filter that looks at every 7th character misses none', () => {
    for (let at = 0; at < 24; at += 1) {
      const pad = '字'.repeat(at)
      expect(masked(`${pad}电话六六一二三四五。`)).toBe(`${pad}电话***二三四五。`)
      expect(masked(`${pad}电话：六六一-二三四五`)).toBe(`${pad}电话：***二三四五`)
      expect(masked(`${pad}〇一〇二三四五六七八。`)).toBe(`${pad}******五六七八。`)
    }
  })

  it('ordinary text with numerals is left as written', () => {
    for (const text of ['三天后再来', '十二月三日', '二〇二六年十二月七日', '二○二六年', '一-二-三', '一二三四五六', '三三两两', '九九八十一', '十三亿人', '第一、二、三条', '一五一十地说', '零零星星', '一三八', '幺三八一二三四'])
      expect(masked(text), text).toBe(text)
  })

  it('a resident’s own number in Chinese numerals is kept, another’s masked', () => {
    const own = { residentId: 'r-wang', names: [], numbers: ['13812345678'] }
    expect(maskPersonalDataExceptOwn({ note: '我是一三八一二三四五六七八，对方幺三九一二三四五六七八' }, [], own).note).toBe('我是一三八一二三四五六七八，对方幺三九****五六七八')
  })
})

const NUMERALS: Record<string, readonly string[]> = { 0: ['〇', '零'], 1: ['一', '幺'], 2: ['二'], 3: ['三'], 4: ['四'], 5: ['五'], 6: ['六'], 7: ['七'], 8: ['八'], 9: ['九'] }
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
/** Digits written as numerals, each digit any of its numerals. */
const inNumerals = (ds: string) => fc.tuple(...[...ds].map((d) => (/\d/.test(d) ? fc.constantFrom(...(NUMERALS[d] as string[])) : fc.constant(d)))).map((cs) => cs.join(''))
const sep = fc.constantFrom('', ' ', '-')
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9), sep, sep).chain(([second, rest, s1, s2]) => {
  const ds = `1${second}${rest}`
  return inNumerals(ds).map((w) => ({ written: `${w.slice(0, 3)}${s1}${w.slice(3, 7)}${s2}${w.slice(7)}`, bare: w, kept: [w.slice(0, 3), w.slice(7)] as const }))
})
/** The last character of an 18-character id number (GB 11643-1999 §8.2, ISO 7064 MOD 11-2), worked from the weights. */
const checkOf = (seventeen: string): string => {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...seventeen].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0)
  return '10X98765432'.charAt(sum % 11)
}
// An id as issued — a region, a birth date, a sequence — passes its check, its X upper or lower case; beside other
// numerals only they say where it starts.
const birth = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-12-07T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''))
const idNumber = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(5), birth, digits(3), fc.boolean()).chain(([first, region, born, sequence, lower]) => {
  const rest = `${region}${born}${sequence}`
  const check = checkOf(`${first}${rest}`)
  return inNumerals(`${first}${rest}${lower ? check.toLowerCase() : check}`).map((w) => ({ written: w, bare: w, kept: [w.slice(0, 6), w.slice(-4)] as const }))
})
/** Text around it, numeral words among it (a name ending in one, 一直, 第一, a date). */
const around = fc.array(fc.constantFrom('联系电话', '身份证', '张三', '李四', '一直', '第一', '，', '。', ' ', '请回电', '二〇二六年十二月', '三天后', 'abc', '电话：'), { maxLength: 4 }).map((a) => a.join(''))

describe('masking never leaves a phone or id number in Chinese numerals in full', () => {
  it('whatever numerals it is written with and whatever text is around it; its masked shape keeps what the digits’ keeps', () => {
    fc.assert(
      fc.property(fc.oneof(mobile, idNumber), around, around, (n, before, after) => {
        // Glued to a Latin letter it is part of something longer, as digits are: not generated (abc is followed by a space).
        const text = `${before.endsWith('abc') ? `${before} ` : before}${n.written}${after.startsWith('abc') ? ` ${after}` : after}`
        const out = masked(text)
        expect(out).not.toContain(n.bare)
        expect(out).not.toContain(n.written)
        // Its shape (first 3 and last 4 of a mobile, first 6 and last 4 of an id) where no numeral touches it: a numeral
        // word beside it may join it to a longer reading (19 numerals passing the Luhn check are a card's, as 19 digits).
        const numeral = /[〇零一幺二两三四五六七八九]/
        if (!numeral.test(before.slice(-1)) && !numeral.test(after.slice(0, 1))) expect(out).toBe(`${before.endsWith('abc') ? `${before} ` : before}${n.kept[0]}${'*'.repeat(n.bare.length - n.kept[0].length - 4)}${n.kept[1]}${after.startsWith('abc') ? ` ${after}` : after}`)
        else expect(out).toMatch(/\*{4}/)
        expect(masked(out)).toBe(out)
      }),
      { numRuns: 2000 },
    )
  })

  it('ordinary text with numerals (days, months, years, counts, a name, a short shorthand) is unchanged', () => {
    const word = fc.constantFrom('三天后', '十二月', '二〇二六年', '二○二六年', '一-二-三', '张三', '李四', '一直', '第一', '十三', '两个人', '三楼', '，', '。', ' ', '说', '一二三四五六', '百')
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        const text = words.join('')
        // Runs of numerals that would read as 7 digits or more are a number's (or could be one): not ordinary text.
        fc.pre(!/[〇○零一幺二两三四五六七八九]{7}/.test(text.replaceAll(/[ -]/g, '')))
        expect(masked(text)).toBe(text)
      }),
      { numRuns: 2000 },
    )
  })
})

// Found in review (session 46): a number whose digits are written partly in digits and partly in numerals (138一二三四5678,
// as a phone IME or a hotline operator mixes them), in 大写 numerals (壹叁捌…, as on a cheque or a form), a landline
// whose local number starts 1 after its area code and a separator, and digits grouped by dots, dashes of other widths or
// more than one space, all read in full to every masked reader.
describe('a phone, id, landline or card number in digits and numerals mixed, in 大写 numerals, or grouped otherwise', () => {
  // Worked by hand from the digits' masks, as above: 138****5678; 110105********002X; *******4567; 622202******7894.
  it.each([
    ['138一二三四5678', '138****5678'],
    ['电话1三8 1234 5678', '电话1三8****5678'],
    ['１３８一二三四５６７８', '１３８****５６７８'],
    ['张三138一二三四5678', '张三138****5678'], // a numeral word before it
    ['电话138一二三四5678一直没人接', '电话138****5678一直没人接'],
    ['身份证110105一九四九1231002X', '身份证110105********002X'],
    ['身份证110105一九四九1231〇〇二x', '身份证110105********〇〇二x'],
    ['壹叁捌壹贰叁肆伍陆柒捌', '壹叁捌****伍陆柒捌'],
    ['电话：壹叁捌-壹贰叁肆-伍陆柒捌', '电话：壹叁捌****伍陆柒捌'],
    ['身份证壹壹零壹零伍壹玖肆玖壹贰叁壹零零贰X', '身份证壹壹零壹零伍********零零贰X'],
    ['幺叁捌1234伍陆柒捌', '幺叁捌****伍陆柒捌'],
    ['座机〇四七一-1234567', '座机*******4567'], // 区号 in numerals: 0471-1234567
    ['座机〇四七一-一二三四五六七', '座机*******四五六七'],
    ['座机(〇四七一)1234567', '座机(****)***4567'],
    ['卡号6222 0212 三四五六 7894', '卡号622202******7894'],
    ['卡号陆贰贰贰零贰壹贰叁肆伍陆柒捌玖肆', '卡号陆贰贰贰零贰******柒捌玖肆'],
    ['卡号六二二二〇二一二三四五六七八九四一直没到账', '卡号六二二二〇二******七八九四一直没到账'], // a numeral word after it
    // After a phone label, its first 8 digits read as a local number (found by the property below: the birth date after
    // them read in full): an id whose digits a numeral goes on from is the numerals pass's, whole.
    ['联系电话22010520〇110291853', '联系电话220105********1853'],
    // A local number a numeral word is glued to: the run (9, 8 or 10 digits and numerals) is no id's, so the local number
    // is read as written, its own last 4 kept (found in review: 8 digits and the word read as 9, no number, in full).
    ['电话6612345一直没人接', '电话***2345一直没人接'],
    ['电话66123456一直没人接', '电话****3456一直没人接'],
    ['座机6612-3456一直', '座机****3456一直'],
    ['电话：66123456二〇二六年再打', '电话：****3456二〇二六年再打'],
    // A run as long as an id that is none (16 failing the Luhn check): no number the numerals pass reads starts there.
    ['电话66123456一二三四五六七八', '电话****3456一二三四五六七八'],
    // A local number in numerals after a label, a numeral word glued after it (found in review, session 47: read in full,
    // the run no number's length): the first 8 digits and numerals are the number, the rest the word's. Decided: 8, not
    // 7 — a 7-digit number before 一直 loses one character more to the mask (****三四五一直: its 2 masked too), where
    // reading 7 of an 8-digit number would show 5 of its digits.
    ['电话六六一二三四五六一直打不通', '电话****三四五六一直打不通'],
    ['电话66一二三四五六一直打不通', '电话****三四五六一直打不通'],
    ['座机：六六一二三四五一直没人接', '座机：****三四五一直没人接'],
    ['电话六六一二-三四五六一直', '电话****三四五六一直'],
    ['Tel: 六六一二三四五六七次没人接', 'Tel: ****三四五六七次没人接'],
    ['电话六六一 二三四五六', '电话****三四五六'], // grouped 3-5: no local number's grouping, read all the same
    // Found by the property below: the run reader read a mobile from its 2nd digit on (13000002026), 4130 shown.
    ['Tel: 413000洞0二〇二六年', 'Tel: ****00洞0二〇二六年'],
    // As long as an id: the run reader's (the id), not a local number's 8.
    ['联系电话二二〇一〇五一九四九一二三一〇〇二X一直', '联系电话二二〇一〇五********〇〇二X一直'],
    ['联系电话洞洞拐勾两三四五一直', '联系电话洞洞拐勾两三四五一直'], // 00791234…: no local number starts 0 (no label's rule for it)
    // Radio readings, as an operator reads a number out (幺/腰 1, 两 2, 拐 7, 勾 9, 洞 0; found in review, session 47: read
    // in full): the digits 13800791234 → 138****1234; 13812345678; 13800791234 mixed with digits.
    ['电话幺三八洞洞拐勾两三四五', '电话幺三八****两三四五'],
    ['电话腰三八洞洞拐勾两三四五', '电话腰三八****两三四五'],
    ['电话幺三八1234洞洞拐勾', '电话幺三八****洞洞拐勾'],
    ['138洞洞拐勾1234', '138****1234'],
    ['座机洞四拐幺-四五六拐八勾洞', '座机*******拐八勾洞'], // 0471-4567890 → *******7890
  ])('%s → %s', (text, shown) => {
    expect(masked(text)).toBe(shown)
    expect(masked(shown)).toBe(shown)
    expect(maskPersonalDataAndNames({ note: text }, []).note).toBe(shown)
  })

  it('ordinary text with digits and numerals (dates, amounts, counts, a court’s case number, times) is left as written', () => {
    for (const text of [
      '2026年12月7日',
      '二〇二六年十二月七日',
      '二〇二六年12月7日下午3点',
      '2026年十二月七日13:45',
      '3万元',
      '叁仟元整',
      '人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分',
      '壹万贰仟叁佰肆拾伍元',
      '三户',
      '12楼3单元',
      '三号楼2单元201室',
      '（2026）蒙0105民特123号',
      '（二〇二六）蒙0105民特一二三号',
      '(2026)蒙0105民初1234567号',
      '2026-12-07 13:45:00',
      '二〇二六年一月一日至2026年3月31日',
      '第1、二、3条',
      '陆陆续续来了三四十人',
      '伍佰元',
      // The radio readings' characters as words (a cave, a turn, a tick, a waist), beside numerals and digits.
      '洞口三米处拐弯',
      '请勾选一二三四项',
      '腰疼三天了，拐杖两根',
      '三号楼洞口东拐五十米',
      '洞洞拐',
      '电话三四次都没人接',
      '电话费六六元一直没交',
      '手机掉了三五天一直没找到',
    ])
      expect(masked(text), text).toBe(text)
  })

  it('the shortest mixed number wherever it starts: the pre-filter that looks at every 7th character misses none', () => {
    for (let at = 0; at < 24; at += 1) {
      const pad = '字'.repeat(at)
      expect(masked(`${pad}电话6六12345。`)).toBe(`${pad}电话***2345。`)
      expect(masked(`${pad}〇1〇2345678。`)).toBe(`${pad}******5678。`)
      expect(masked(`${pad}电话陆陆壹贰叁肆伍。`)).toBe(`${pad}电话***贰叁肆伍。`)
    }
  })
})

/** Each digit written in any way people write it: ASCII, full-width, a numeral, a 大写 numeral. */
const ANY_WRITING: Record<string, readonly string[]> = {
  0: ['0', '０', '〇', '零', '○', '洞'],
  1: ['1', '１', '一', '幺', '腰', '壹'],
  2: ['2', '２', '二', '两', '贰'],
  3: ['3', '３', '三', '叁'],
  4: ['4', '４', '四', '肆'],
  5: ['5', '５', '五', '伍'],
  6: ['6', '６', '六', '陆'],
  7: ['7', '７', '七', '柒', '拐'],
  8: ['8', '８', '八', '捌'],
  9: ['9', '９', '九', '玖', '勾'],
  X: ['X', 'x', 'Ｘ'],
}
const anyWriting = (ds: string) => fc.tuple(...[...ds].map((d) => fc.constantFrom(...(ANY_WRITING[d] as string[])))).map((cs) => cs.join(''))
/** A separator between groups, as people type one. */
const groupSep = fc.constantFrom('', '', ' ', '-', '.', '　', '－', '．', '—', '·', ' - ', '  ')
/** Digits cut into groups of the given lengths, each digit in any writing, one separator between groups. */
const grouped = (ds: string, groups: readonly number[], separators = groupSep) =>
  fc.tuple(anyWriting(ds), separators).map(([w, s]) => {
    const cs = [...w]
    const parts: string[] = []
    let at = 0
    for (const g of groups) {
      parts.push(cs.slice(at, at + g).join(''))
      at += g
    }
    return { written: parts.join(s), chars: cs }
  })
// Each with the characters its mask hides (a mobile's 4th to 7th, an id's 7th to 14th, a landline's all but its last 4).
const anyMobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).chain(([second, rest]) => grouped(`1${second}${rest}`, [3, 4, 4]).map((n) => ({ ...n, hidden: n.chars.slice(3, 7) })))
// Grouped otherwise (4-3-4, 2-4-5, 3-8, 5-6, 4-4-3: found in review, session 47), by a space or a hyphen.
const anyRegroupedMobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digits(9), fc.constantFrom([4, 3, 4], [2, 4, 5], [3, 8], [5, 6], [4, 4, 3], [2, 9], [6, 5]))
  .chain(([second, rest, groups]) => grouped(`1${second}${rest}`, groups, fc.constantFrom(' ', '-', '　', '－', ' - ', '  ')).map((n) => ({ ...n, hidden: n.chars.slice(3, 7) })))
const anyId = fc.tuple(fc.integer({ min: 1, max: 9 }), digits(5), birth, digits(3)).chain(([first, region, born, sequence]) => {
  const seventeen = `${first}${region}${born}${sequence}`
  return fc.constantFrom([18], [6, 8, 4], [6, 4, 4, 4]).chain((groups) => grouped(`${seventeen}${checkOf(seventeen)}`, groups)).map((n) => ({ ...n, hidden: n.chars.slice(6, 14) }))
})
const anyLandline = fc.tuple(fc.constantFrom('010', '021', '0471', '0477'), fc.integer({ min: 1, max: 9 }), digits(6)).chain(([area, first, rest]) =>
  fc.tuple(anyWriting(area), anyWriting(`${first}${rest}`), fc.constantFrom('-', ' ', '－', '—')).map(([a, n, s]) => ({ written: `${a}${s}${n}`, hidden: [...a, ...n].slice(0, -4) })),
)
// A local number (7 or 8 digits, the first 2 to 9, a space or hyphen allowed before the last 4) after a phone label, a
// numeral word glued after it (一直, 二〇二六年: no id's length with it): all but its last 4 hidden — its first 3 or 4
// digits stars right after the label (`masked`: the text as the label and they are masked).
const anyLocal = fc
  .tuple(fc.constantFrom('电话', '座机', '联系电话：', '传真 ', 'Tel: '), fc.integer({ min: 2, max: 9 }), fc.constantFrom(2, 3), fc.constantFrom('', ' ', '-'), fc.constantFrom('一直', '一', '二〇二六年', '三天后', '两次', '五六次'))
  .chain(([label, first, more, s, word]) =>
    fc.tuple(digits(more), digits(4), fc.boolean()).map(([head, tail, wide]) => {
      const ds = `${first}${head}${tail}`
      const w = wide ? [...ds].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('') : ds
      const headLength = 1 + more
      return { written: `${label}${w.slice(0, headLength)}${s}${w.slice(headLength)}${word}`, hidden: [...w.slice(0, headLength)], masked: `${label}${(wide ? '＊' : '*').repeat(headLength)}` }
    }),
  )
// The same in any writing (numerals, radio readings, 大写, digits): a numeral word glued after it reads the first 8 as the
// number (decided) — no character of its first 3 or 4 (the head masked as written) shows, however the word begins.
const anyNumeralLocal = fc
  .tuple(fc.constantFrom('电话', '座机', '联系电话：', '传真 ', 'Tel: '), fc.integer({ min: 2, max: 9 }), fc.constantFrom(2, 3), fc.constantFrom('', ' ', '-'), fc.constantFrom('一直', '一', '二〇二六年', '三天后', '两次', '五六次', '九点再打'))
  .chain(([label, first, more, s, word]) =>
    fc.tuple(anyWriting(String(first)), digits(more).chain(anyWriting), digits(4).chain(anyWriting)).map(([lead, head, tail]) => ({
      written: `${label}${lead}${head}${s}${tail}${word}`,
      hidden: [...`${lead}${head}`],
    })),
  )
/** CJK text around it that joins no number: words, punctuation, labels, a date and an amount in numerals. */
const cjk = fc.array(fc.constantFrom('联系电话', '身份证号', '请回电', '张先生', '说', '，', '。', '：', '漏水', '二〇二六年十二月', '叁仟元整', '楼上', ' ', '住户'), { maxLength: 5 }).map((a) => a.join(''))

describe('masking never leaves a phone, id or landline visible, in any mix of digits and numerals and any separator', () => {
  it('none of its digits between the kept ones shows, and masking again changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(anyMobile, anyRegroupedMobile, anyId, anyLandline, anyLocal, anyNumeralLocal), cjk, cjk, (n, before, after) => {
        const text = `${before}${n.written}${after}`
        const out = masked(text)
        expect(out).not.toContain(n.written)
        // The characters a mask hides never stand in a row as written (unless the text around writes them itself).
        const hidden = n.hidden.join('')
        if ('masked' in n) expect(out).toContain(n.masked)
        // (Nor where the number's kept characters write them: 13200000000 keeps 0000, its hidden 4th to 7th.)
        else if (!before.includes(hidden) && !after.includes(hidden) && !n.written.replace(hidden, '').includes(hidden) && !('chars' in n && n.chars.slice(-4).join('') === hidden)) expect(out).not.toContain(hidden)
        expect(masked(out)).toBe(out)
      }),
      { numRuns: 2000 },
    )
  })
})

// Found in review (session 47): O or o typed for 0, l or I for 1, inside a number read it in full.
describe('a phone or id number with Latin letters typed for some of its digits', () => {
  const LETTERS: Record<string, readonly string[]> = { 0: ['O', 'o'], 1: ['l', 'I'] }
  /** Digits with up to 3 of its 0s and 1s typed as letters (fewer letters than digits, as people slip them in). */
  const lettered = (ds: string) =>
    fc.tuple(fc.array(fc.boolean(), { minLength: ds.length, maxLength: ds.length }), fc.array(fc.boolean(), { minLength: ds.length, maxLength: ds.length })).map(([typed, which]) => {
      let letters = 0
      return [...ds].map((d, i) => (LETTERS[d] !== undefined && typed[i] === true && letters < 3 && ++letters > 0 ? (LETTERS[d] as string[])[which[i] === true ? 1 : 0] : d)).join('')
    })
  const number = fc.oneof(
    fc.tuple(fc.integer({ min: 3, max: 9 }), fc.array(fc.constantFrom('0', '1', '0', '1', '5'), { minLength: 9, maxLength: 9 })).map(([second, rest]) => `1${second}${rest.join('')}`),
    fc.tuple(fc.integer({ min: 1, max: 9 }), digits(5), birth, digits(3)).map(([first, region, born, sequence]) => `${first}${region}${born}${sequence}${checkOf(`${first}${region}${born}${sequence}`)}`),
  )
  it('never shows it in full, and masking again changes nothing', () => {
    fc.assert(
      fc.property(number.chain((ds) => lettered(ds).map((written) => ({ ds, written }))), cjk, cjk, ({ written }, before, after) => {
        const out = masked(`${before}${written}${after}`)
        expect(out).not.toContain(written)
        expect(masked(out)).toBe(out)
      }),
      { numRuns: 1000 },
    )
  })
})
