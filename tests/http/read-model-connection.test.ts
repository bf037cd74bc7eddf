// The server beside SQLite keeps its read models, the processes' checkpoints and leases and the webhook outbox in one file,
// read-models.sqlite: through one connection. Two connections writing one WAL file in turns each find the other's commit
// at every transaction and drop their whole page cache, so every pass of the read models and of the webhook feeder read
// again every page it touched (measured at 1000 add-notes/s: 1.8 page reads per request on the main thread; none after).
import type { RunningServer } from '@gridcase/http'
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

let dir: string
let server: RunningServer | undefined
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridcase-rm-connection-'))
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})
const call = demoCall(() => server as RunningServer)

/** This process's open descriptors on `file` (Linux /proc; a connection holds one on the database file itself). */
const openOn = (file: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === file
    } catch {
      return false
    }
  }).length

describe.runIf(process.platform === 'linux')('the read-model file of a server beside SQLite', () => {
  it('is open through one connection, which the read models, the processes and the webhook outbox share, and closed with the server', async () => {
    const file = join(dir, 'read-models.sqlite')
    expect(openOn(file)).toBe(0)
    server = await startDemoServer({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'normal' })
    const created = await call('hotline-operator', 'POST', '/api/v1/complaints', {
      channel: 'hotline-12345',
      kind: 'help',
      category: 'parking',
      title: '车位',
      description: '占用消防通道',
      jurisdiction: 'hohhot/saihan/wulanchabu-east-road/xinhua-community/grid-017',
      complainant: { name: '张先生', phone: '13900471234' },
    })
    expect(created.status).toBe(201)
    // The webhook feeder has passed over the new event (a write to the outbox's tables) and the lists hold it.
    expect((await call('street-officer', 'GET', '/api/v1/complaints?limit=10')).body['items']).toHaveLength(1)
    expect(openOn(file)).toBe(1)
    await server.close()
    server = undefined
    expect(openOn(file)).toBe(0)
  })
})
