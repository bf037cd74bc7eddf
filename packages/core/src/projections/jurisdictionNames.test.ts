import { describe, expect, it } from 'vitest'
import { nameOf, registryChildren, registryOf, registryUnder, type JurisdictionFile } from './jurisdictionNames.js'

const file: JurisdictionFile = {
  format: 'gridcase-jurisdictions/1',
  jurisdictions: [
    { code: 'hohhot', name: '呼和浩特市', level: 'city' },
    { code: 'hohhot/saihan', name: '赛罕区', level: 'district' },
    { code: 'hohhot/saihan/b-street', name: '大学东路街道', level: 'street' },
    { code: 'hohhot/saihan/a-street', name: '乌兰察布东路街道', level: 'street' },
    { code: 'hohhot/saihan/a-street/x-community', name: '新华社区', level: 'community' },
  ],
}

describe('jurisdiction registry (辖区名册)', () => {
  it('names codes, lists children in code order and everything under a scope', () => {
    const made = registryOf(file)
    if (!('registry' in made)) throw new Error(JSON.stringify(made.problems))
    const { registry } = made
    expect(nameOf(registry, 'hohhot/saihan')).toBe('赛罕区')
    expect(nameOf(registry, 'hohhot/saihan/unknown')).toBeNull()
    expect(registryChildren(registry, 'hohhot/saihan').map((e) => e.name)).toEqual(['乌兰察布东路街道', '大学东路街道'])
    expect(registryUnder(registry, 'hohhot/saihan/a-street').map((e) => e.code)).toEqual(['hohhot/saihan/a-street', 'hohhot/saihan/a-street/x-community'])
  })

  it('names every problem by its place in the file', () => {
    const made = registryOf({
      format: 'gridcase-jurisdictions/1',
      jurisdictions: [
        { code: 'hohhot/saihan', name: '赛罕区', level: 'street' },
        { code: 'Hohhot', name: '呼和浩特', level: 'city' },
        { code: 'hohhot', name: '  ', level: 'city' },
        { code: 'hohhot', name: '呼和浩特市', level: 'city' },
      ],
    })
    expect('problems' in made && made.problems).toEqual([
      { path: 'jurisdictions[0].level', message: '"hohhot/saihan" is a district, not a street' },
      { path: 'jurisdictions[1].code', message: '"Hohhot" is not a jurisdiction path (lower-case segments separated by /, at most 5)' },
      { path: 'jurisdictions[2].name', message: 'must not be empty' },
      { path: 'jurisdictions[3].code', message: '"hohhot" is listed twice' },
    ])
  })
})
