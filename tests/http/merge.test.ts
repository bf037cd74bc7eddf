// 合并: `merge` names a primary complaint that must exist, be in the actor's scope and not be merged itself.
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

let dir: string
let server: RunningServer
const call = demoCall(() => server)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-merge-'))
  server = await startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal' })
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const register = async (jurisdiction: string): Promise<string> => {
  const res = await call('hotline-operator', 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345', kind: 'complaint', category: 'heating', title: '暖气不热', description: '室温 15 度', jurisdiction,
    complainant: { name: '王女士', phone: '13800471234' },
  })
  expect(res.status).toBe(201)
  return String(res.body['id'])
}
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'

describe('merge', () => {
  it('refuses a primary that does not exist, or is outside the scope (the same answer), itself, or itself merged — and writes nothing', async () => {
    const primary = await register(GRID)
    const duplicate = await register(GRID)
    const third = await register(GRID)
    const elsewhere = await register('hohhot/xincheng/some-street/some-community')
    const merge = (id: string, primaryId: string) => call('street-officer', 'POST', `/api/v1/complaints/${id}/merge`, { primaryId, reason: '同一诉求' })
    const historyLength = async (id: string) => ((await call('auditor', 'GET', `/api/v1/complaints/${id}/history`)).body['events'] as unknown[]).length

    const ghost = await merge(duplicate, crypto.randomUUID())
    expect(ghost.status).toBe(400)
    expect(ghost.body['errors']).toEqual([{ path: 'primaryId', message: 'names no complaint you can see' }])
    const outside = await merge(duplicate, elsewhere)
    expect(outside.status).toBe(400)
    expect(outside.body['errors']).toEqual(ghost.body['errors'])
    expect((await merge(duplicate, duplicate)).status).toBe(400)

    const merged = await merge(duplicate, primary)
    expect(merged.status).toBe(200)
    expect(merged.body).toMatchObject({ status: 'merged', mergedInto: primary })

    const chained = await merge(third, duplicate)
    expect(chained.status).toBe(400)
    expect((chained.body['errors'] as { message: string }[])[0]?.message).toContain(`itself merged into ${primary}`)
    expect(await historyLength(third)).toBe(1)
    expect(await historyLength(duplicate)).toBe(2)
  })

  it('refuses a primary that is finished — rejected (不予受理) or closed — and writes nothing: a repeat of it is a case of its own', async () => {
    const rejected = await register(GRID)
    expect((await call('hotline-operator', 'POST', `/api/v1/complaints/${rejected}/reject`, { reason: '不属于受理范围' })).status).toBe(200)
    const answered = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345', kind: 'consultation', category: 'heating', title: '供暖时间', description: '何时开始供暖', jurisdiction: GRID,
      complainant: { name: '王女士', phone: '13800471234' }, answer: '11月1日起供暖。',
    })
    expect(answered.body['status']).toBe('closed')
    const duplicate = await register(GRID)
    for (const [primary, status] of [[rejected, 'rejected'], [String(answered.body['id']), 'closed']] as const) {
      const res = await call('street-officer', 'POST', `/api/v1/complaints/${duplicate}/merge`, { primaryId: primary, reason: '同一诉求' })
      expect(res.status).toBe(400)
      expect(res.body['errors']).toEqual([{ path: 'primaryId', message: `names a complaint that is ${status}: a repeat of a finished case is handled as a case of its own` }])
    }
    expect(((await call('auditor', 'GET', `/api/v1/complaints/${duplicate}/history`)).body['events'] as unknown[]).length).toBe(1)
  })
})
