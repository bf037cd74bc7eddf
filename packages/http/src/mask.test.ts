import { maskPersonalDataExceptOwn, peopleNamed } from '@gridcase/core/privacy'
import { describe, expect, it } from 'vitest'
import { ownData } from './mask.js'

describe("a resident's own view", () => {
  it('shows its own address in full in its own free text, as in the field; another person\'s is masked (found in review: addresses masked in text masked the reader\'s own)', () => {
    const state = {
      ownerId: 'r-1',
      address: '新华小区7号楼3单元502',
      description: '住新华小区7号楼3单元502，对门大学东路12号的李强占了车位',
      complainant: { name: '欧阳淑芬', residentId: 'r-1' },
      parties: [{ name: '李强', address: '大学东路12号' }],
    }
    const own = ownData(state, { id: 'r-1', role: 'resident', jurisdiction: 'hohhot/saihan' })
    if (own === undefined) throw new Error('a resident has own data')
    const shown = maskPersonalDataExceptOwn(state, peopleNamed(state), own)
    expect(shown.address).toBe('新华小区7号楼3单元502')
    expect(shown.description).toBe('住新华小区7号楼3单元502，对门大******的李*占了车位')
  })

  it("keeps its own address whole where another person's shorter address lies inside it (found in review: 我住新******1单元301)", () => {
    const state = {
      parties: [
        { name: '赵三', residentId: 'r-3', address: '新华小区9号楼1单元301' },
        { name: '钱四', address: '新华小区9号楼' },
      ],
      summary: '我住新华小区9号楼1单元301，钱四住新华小区9号楼',
    }
    const own = ownData(state, { id: 'r-3', role: 'resident', jurisdiction: 'hohhot/saihan' })
    if (own === undefined) throw new Error('a resident has own data')
    expect(maskPersonalDataExceptOwn(state, peopleNamed(state), own).summary).toBe('我住新华小区9号楼1单元301，钱*住新******')
  })
})

