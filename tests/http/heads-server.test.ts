// The real server (`npm start`'s entry) signs tree heads with a key from a file it is given, at the interval
// configured, and at start-up over what was committed while it was down: no head depends on a timer a
// restart forgets. The key never enters the database.
import { generateHeadKey, headVerifier } from '@gridcase/adapters'
import type { SignedTreeHead } from '@gridcase/core/audit'
import type { RunningServer } from '@gridcase/http'
import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { demoCall, startDemoServer } from './helpers/demoServer.js'
import { until } from '../helpers/until.js'

const GRID = 'hohhot/saihan/wulanchabu-east-road/xx-community/grid-017'
const dir = mkdtempSync(join(tmpdir(), 'gridcase-heads-'))
const keyFile = join(dir, 'head.pem')
const key = generateHeadKey()
writeFileSync(keyFile, key.privateKeyPem)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let server: RunningServer
const call = demoCall(() => server)
const register = (n: number) =>
  call('hotline-operator', 'POST', '/api/v1/complaints', {
    channel: 'hotline-12345',
    kind: 'complaint',
    category: 'heating',
    title: '暖气不热',
    description: `家里只有 15 度 (${n})`,
    jurisdiction: GRID,
    complainant: { name: '张三', phone: '13800138000' },
  })

describe('the server signs tree heads', () => {
  it('every N events with the configured key, and at start-up over events not yet signed', async () => {
    const data = join(dir, 'data')
    server = await startDemoServer({ DATA_DIR: data, GRIDCASE_HEAD_KEY_FILE: keyFile, GRIDCASE_HEAD_EVERY_EVENTS: '2', GRIDCASE_HEAD_EVERY_SECONDS: '3600' })
    for (let n = 0; n < 2; n += 1) expect((await register(n)).status).toBe(201)
    // The tree follows the committed log on its own thread, woken at most once per window (TREE_WAKE_EVERY_MS): the
    // head over the first N = 2 events comes shortly after their 201s, not with them. Asked until it is there.
    const headsNow = async () => (await call('auditor', 'GET', '/api/v1/audit/heads')).body as unknown as { heads: SignedTreeHead[]; publicKey: string }
    let body = await headsNow()
    await until(async () => (body = await headsNow()).heads.length > 0, { state: () => JSON.stringify(body) })
    expect(body.publicKey).toBe(key.publicKeyPem)
    expect(body.heads.map((h) => h.treeSize)).toEqual([2])
    // A third event, fewer than N since the last head: not signed while this server runs (the interval is an hour).
    expect((await register(2)).status).toBe(201)
    await server.close()
    // The third event was never signed (the interval is an hour): the restart signs it.
    server = await startDemoServer({ DATA_DIR: data, GRIDCASE_HEAD_KEY_FILE: keyFile, GRIDCASE_HEAD_EVERY_EVENTS: '2', GRIDCASE_HEAD_EVERY_SECONDS: '3600' })
    const after = (await call('auditor', 'GET', '/api/v1/audit/heads')).body as unknown as { heads: SignedTreeHead[] }
    expect(after.heads.map((h) => h.treeSize)).toEqual([2, 3])
    expect(after.heads.every((h) => headVerifier([key.publicKeyPem]).check(h) === 'ok')).toBe(true)
    await server.close()
    // Nothing of the private key is in the database file.
    const file = new Database(join(data, 'gridcase.sqlite'), { readonly: true })
    const dump = JSON.stringify(file.prepare('SELECT * FROM tree_heads').all())
    file.close()
    const secret = readFileSync(keyFile, 'utf8').split('\n').filter((l) => !l.startsWith('-----')).join('')
    expect(dump).not.toContain(secret)
    expect(readFileSync(join(data, 'gridcase.sqlite')).includes(Buffer.from(secret))).toBe(false)
  }, 60_000)
})
