import { memoryEventStore, newId } from '@gridcase/adapters'
import { execute, type CommandMeta } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { complaint } from '@gridcase/core/complaint'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const GRID = 'hohhot/saihan/wulan/xx-community/grid-017'
const operator: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }
const meta = (actor: Actor, at: string): CommandMeta => ({ commandId: newId(), actor, at })
const registration = {
  channel: 'hotline-12345',
  kind: 'complaint',
  category: 'heating',
  title: '暖气不热',
  description: '3号楼暖气一周不热。',
  jurisdiction: GRID,
  complainant: { name: '李四', phone: '13912345678' },
}

describe('execute: commands by route name, decoded at the edge', () => {
  it('opens a case with the given id and runs a route by name', async () => {
    const store = memoryEventStore()
    const id = newId()
    const created = await execute(store, complaint, id, 'create', registration, meta(operator, '2026-03-02T09:00:00+08:00'))
    expect(E.isRight(created) && created.right.state).toMatchObject({ status: 'registered', id })
    const accepted = await execute(store, complaint, id, 'accept', {}, meta(operator, '2026-03-02T09:05:00+08:00'))
    expect(E.isRight(accepted) && accepted.right).toMatchObject({ version: 1, state: { status: 'accepted' } })
  })

  it('names the field of bad data and writes nothing', async () => {
    const store = memoryEventStore()
    const bad = { ...registration, complainant: { name: '李四', phone: '12' } }
    const result = await execute(store, complaint, newId(), 'create', bad, meta(operator, '2026-03-02T09:00:00+08:00'))
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors.map((e) => e.path)).toEqual(['complainant.phone'])
    expect(await store.readAll()).toHaveLength(0)
  })

  it('refuses an unknown command by naming `command`', async () => {
    const result = await execute(memoryEventStore(), complaint, newId(), 'teleport', {}, meta(operator, '2026-03-02T09:00:00+08:00'))
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors[0]?.path).toBe('command')
  })

  it('refuses a create whose data names another case id', async () => {
    const store = memoryEventStore()
    const result = await execute(store, complaint, newId(), 'create', { ...registration, id: newId() }, meta(operator, '2026-03-02T09:00:00+08:00'))
    expect(E.isLeft(result) && result.left.code === 'validation' && result.left.errors[0]?.path).toBe('id')
    expect(await store.readAll()).toHaveLength(0)
  })
})
