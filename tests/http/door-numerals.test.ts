// A door written in Chinese numerals in free text (三号楼二单元二〇一室, 五号楼一单元一〇一) is masked wherever the
// record's address is (DOMAIN.md "Jurisdiction and actors": addresses masked in lists, for auditors and supervisors, and
// another person's for a resident party), whichever way the record writes it. Found in review (2026-12-07): a mediator's
// minutes 李四住新华小区五号楼一单元一〇一室 read in full in the supervisor's view, the other party's and the list.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { actors } from './helpers/server.js'
import { minutesCase, MINUTES_MEDIATOR as mediator, MINUTES_RESIDENT as A, type MinutesCase } from './helpers/minutesCase.js'

const MINUTES = '李四住新华小区五号楼一单元一〇一室，称楼上3号楼2单元201（王五家）漏水；三天前二楼的邻居也来看过'
let c: MinutesCase

beforeAll(async () => {
  c = await minutesCase({ applicant: { address: '呼和浩特市赛罕区新华小区三号楼二单元二〇一室' }, respondent: { address: '呼和浩特市赛罕区新华小区5号楼1单元101' } }, MINUTES)
})
afterAll(async () => {
  await c.server.close()
})
const minutesOf = (actor: Parameters<MinutesCase['minutesOf']>[0]) => c.minutesOf(actor)

it('masks the respondent’s door written in Chinese numerals, and the applicant’s written in digits, for masked readers', async () => {
  for (const reader of [actors.supervisor, actors.auditor]) {
    const [minutes] = await minutesOf(reader)
    expect(minutes, reader.role).toBe('李*住新************室，称楼上3********（王*家）漏水；三天前二楼的邻居也来看过')
  }
})

it('a resident party keeps its own door and reads the other party’s masked', async () => {
  const [minutes] = await minutesOf(A)
  expect(minutes).toBe('李*住新************室，称楼上3号楼2单元201（王五家）漏水；三天前二楼的邻居也来看过')
})

it('the handling roles read the minutes as written', async () => {
  expect(await minutesOf(mediator)).toEqual([MINUTES])
})
