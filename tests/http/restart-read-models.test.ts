// The server bin's read models live in read-models.sqlite beside the log: a restart resumes them from their
// checkpoints instead of replaying the log into memory (before: the case list was rebuilt from every event).
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

let dir: string
let server: RunningServer
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-restart-'))
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})
const call = demoCall(() => server)
const start = () => startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal' })
const GRID = 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017'

describe('restarting the server', () => {
  it('resumes the case list and the dashboard from their checkpoints: no event is applied again, every case is still listed and counted', async () => {
    server = await start()
    const ids: string[] = []
    for (let i = 0; i < 5; i += 1) {
      const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
        channel: 'hotline-12345',
        kind: 'help',
        category: 'parking',
        title: `车位 ${i}`,
        description: '占用消防通道',
        jurisdiction: GRID,
        complainant: { name: '张先生', phone: '13900471234' },
      })
      expect(created.status).toBe(201)
      ids.push(String(created.body['id']))
    }
    // The read models hold every event before the server closes.
    expect((await call('street-officer', 'GET', '/api/v1/complaints?limit=100')).body['items']).toHaveLength(5)
    await server.close()

    server = await start()
    const { runner } = server.app.gridcase.readModels
    expect(runner.applied()).toBe(0)
    expect(runner.position()).toBeGreaterThanOrEqual(4)
    const listed = (await call('street-officer', 'GET', '/api/v1/complaints?limit=100')).body['items'] as { id: string }[]
    expect(listed.map((c) => c.id)).toEqual([...ids].reverse())
    const dashboard = await call('street-officer', 'GET', '/api/v1/dashboard')
    expect((dashboard.body['counts'] as { complaint: { total: number } }).complaint.total).toBe(5)
    expect(runner.applied()).toBe(0)
  })
})
