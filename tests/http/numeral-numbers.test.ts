// A phone or id number written out in Chinese numerals in free text (联系电话一三八一二三四五六七八, 幺三八 一二三四 五六七八,
// an id number in numerals) is masked for masked readers as the same number in digits is, character for character
// (DOMAIN.md "Jurisdiction and actors": phones and id numbers masked for auditors and supervisors, and another person's
// for a resident party). Found in review (session 45): such minutes read in full to every masked reader.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors } from './helpers/server.js'
import { minutesCase, MINUTES_MEDIATOR as mediator, MINUTES_RESIDENT as A, type MinutesCase } from './helpers/minutesCase.js'

const MINUTES = '王五电话幺三八 一二三四 五六七八；李四联系电话一三九一二三四五六七八一直没人接，身份证一一〇一〇五一九四九一二三一〇〇二X；三天后再调'
let c: MinutesCase

beforeAll(async () => {
  c = await minutesCase({ applicant: { phone: '13812345678' }, respondent: {} }, MINUTES)
})
afterAll(async () => {
  await c.server.close()
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
