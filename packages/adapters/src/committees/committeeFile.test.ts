import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_COMMITTEES_FILE, readCommitteeRegistry } from './committeeFile.js'

const dir = mkdtempSync(join(tmpdir(), 'committees-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const fileWith = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const problems = (path: string): string[] => {
  const read = readCommitteeRegistry(path)
  return E.isLeft(read) && read.left.code === 'validation' ? read.left.errors.map((e) => `${e.path} ${e.message}`) : []
}

describe('the committee file (调解委员会)', () => {
  it("loads the demo district's: the centre with its medical, campus, property and labour committees, and the communities' people's committees", () => {
    const read = readCommitteeRegistry(DEMO_COMMITTEES_FILE)
    if (E.isLeft(read)) throw new Error(read.left.message)
    const kinds = [...read.right.committees.values()].map((c) => c.kind)
    expect(new Set(kinds)).toEqual(new Set(['medical', 'campus', 'property', 'labour', 'people']))
    expect(read.right.centres.get('saihan-centre')?.name).toBe('赛罕区社会矛盾纠纷调处化解中心')
    expect(read.right.committeeOfMediator.get('demo-mediator')).toBe('xinhua-community')
  })
  it('refuses a file that is not JSON, naming the file', () => {
    const path = fileWith('broken.json', '{ "format": ')
    expect(problems(path)[0]).toMatch(new RegExp(`^${path} is not a readable JSON file`))
  })
  it('refuses a file that is not UTF-8 (saved as GBK) or holds a lone surrogate, naming the file and the field (before: loaded, U+FFFD in its names)', () => {
    const demo = readFileSync(DEMO_COMMITTEES_FILE, 'utf8')
    const [before = '', after = ''] = demo.split('赛罕区社会矛盾纠纷调处化解中心')
    // 中心 in GBK.
    const gbk = join(dir, 'gbk.json')
    writeFileSync(gbk, Buffer.concat([Buffer.from(before), Buffer.from([0xd6, 0xd0, 0xd0, 0xc4]), Buffer.from(after)]))
    expect(problems(gbk)).toEqual([`${gbk} is not valid UTF-8 (save it as UTF-8)`])
    const lone = fileWith('lone.json', `${before}中心\\ud800${after}`)
    expect(problems(lone)).toEqual([`${lone}: centres[0].name contains text that is not valid Unicode (a lone surrogate)`])
  })
  it('refuses a committee of an unknown kind, naming the field', () => {
    const path = fileWith('kind.json', JSON.stringify({ format: 'gridcase-committees/1', centres: [], committees: [{ id: 'a', name: '甲', kind: 'traffic', jurisdiction: 'hohhot/saihan/x', mediators: [] }] }))
    expect(problems(path)).toEqual([`${path}: committees[0].kind expected one of 'people', 'medical', 'campus', 'property', 'labour'`])
  })
  it('refuses a file whose committees break the rules, every problem named, nothing loaded', () => {
    const path = fileWith('rules.json', JSON.stringify({
      format: 'gridcase-committees/1',
      centres: [],
      committees: [{ id: 'm', name: '医调委', kind: 'medical', jurisdiction: 'hohhot/saihan', mediators: [{ id: 'a', name: '' }] }],
    }))
    expect(problems(path)).toEqual([
      `${path}: committees[0].centre is required for a medical committee: the centre it sits in`,
      `${path}: committees[0].mediators[0].name must not be empty`,
    ])
  })
})
