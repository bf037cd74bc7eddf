import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_JURISDICTIONS_FILE, readJurisdictionRegistry } from './registryFile.js'

const dir = mkdtempSync(join(tmpdir(), 'jurisdictions-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const problems = (path: string): string[] => {
  const read = readJurisdictionRegistry(path)
  return E.isLeft(read) && read.left.code === 'validation' ? read.left.errors.map((e) => `${e.path} ${e.message}`) : []
}

describe('the jurisdiction registry file (辖区名册)', () => {
  it('refuses a file that is not UTF-8 (saved as GBK) or holds a lone surrogate, naming the file and the entry (before: loaded, every answer showing U+FFFD in its names)', () => {
    const demo = readFileSync(DEMO_JURISDICTIONS_FILE, 'utf8')
    const [before = '', after = ''] = demo.split('呼和浩特市')
    // 市 in GBK.
    const gbk = join(dir, 'gbk.json')
    writeFileSync(gbk, Buffer.concat([Buffer.from(before), Buffer.from([0xca, 0xd0]), Buffer.from(after)]))
    expect(problems(gbk)).toEqual([`${gbk} is not valid UTF-8 (save it as UTF-8)`])
    const lone = join(dir, 'lone.json')
    writeFileSync(lone, `${before}呼和浩特\\udc00${after}`)
    expect(problems(lone)).toEqual([`${lone}: jurisdictions[0].name contains text that is not valid Unicode (a lone surrogate)`])
    expect(E.isRight(readJurisdictionRegistry(DEMO_JURISDICTIONS_FILE))).toBe(true)
  })
})
