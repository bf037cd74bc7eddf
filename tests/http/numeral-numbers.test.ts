// A phone or id number written out in Chinese numerals in free text (联系电话一三八一二三四五六七八, 幺三八 一二三四 五六七八,
// an id number in numerals) is masked for masked readers as the same number in digits is, character for character
// (DOMAIN.md "Jurisdiction and actors": phones and id numbers masked for auditors and supervisors, and another person's
// for a resident party). Found in review (session 45): such minutes read in full to every masked reader.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors } from './helpers/server.js'
import { minutesCase, MINUTES_MEDIATOR as mediator, MINUTES_RESIDENT as A, type MinutesCase } from './helpers/minutesCase.js'

const MINUTES = '王五电话幺三八 一二三四 五六七八；李四联系电话一三九一二三四五六七八一直没人接，身份证一一〇一〇五一九四九一二三一〇〇二X；三天后再调'
// Found in review (session 46): digits and numerals mixed, 大写 numerals, a landline whose local number starts 1, digits
// grouped by dots, read in full by the same readers.
const MIXED = '王五电话138一二三四5678；李四手机壹叁玖壹贰叁肆伍陆柒捌，座机〇四七一-1234567，身份证110105一九四九1231002X，卡号6222.0212.3456.7894；二〇二六年12月7日再调，赔偿叁仟元整'
let c: MinutesCase
let mixed: MinutesCase

beforeAll(async () => {
  c = await minutesCase({ applicant: { phone: '13812345678' }, respondent: {} }, MINUTES)
  mixed = await minutesCase({ applicant: { phone: '13812345678' }, respondent: {} }, MIXED)
})
afterAll(async () => {
  await c.server.close()
  await mixed.server.close()
})
const minutesOf = (actor: Parameters<MinutesCase['minutesOf']>[0]) => c.minutesOf(actor)

it('masks phone and id numbers in Chinese numerals for masked readers, in the shape of the digits’ masks', async () => {
  for (const reader of [actors.supervisor, actors.auditor]) {
    const [minutes] = await minutesOf(reader)
    expect(minutes, reader.role).toBe('王*电话幺三八****五六七八；李*联系电话一三九****五六七八一直没人接，身份证一一〇一〇五********〇〇二X；三天后再调')
  }
})

it('a resident party keeps its own number in numerals and reads the other party’s masked', async () => {
  const [minutes] = await minutesOf(A)
  expect(minutes).toBe('王五电话幺三八 一二三四 五六七八；李*联系电话一三九****五六七八一直没人接，身份证一一〇一〇五********〇〇二X；三天后再调')
})

it('the handling roles read the minutes as written', async () => {
  expect(await minutesOf(mediator)).toEqual([MINUTES])
})

it('masks numbers in digits and numerals mixed, in 大写 numerals or grouped by dots; dates and amounts stay; a party keeps its own', async () => {
  const masked = '王*电话138****5678；李*手机壹叁玖****伍陆柒捌，座机*******4567，身份证110105********002X，卡号622202******7894；二〇二六年12月7日再调，赔偿叁仟元整'
  for (const reader of [actors.supervisor, actors.auditor]) expect(await mixed.minutesOf(reader), reader.role).toEqual([masked])
  expect(await mixed.minutesOf(A)).toEqual([masked.replace('王*电话138****5678', '王五电话138一二三四5678')])
  expect(await mixed.minutesOf(mediator)).toEqual([MIXED])
})
