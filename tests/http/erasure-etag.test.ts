// A conditional GET after an erasure (found in review, 2026-12-04): the erasure is written on the `erasures` stream, so
// the case's version — and so its ETag — did not move, and `If-None-Match` with the ETag of the view read before the
// erasure answered 304: "your copy, with the name and phone in it, is still current". An ETag now names the erasures
// the key store has made (none: unchanged, `W/"N"`), so a view read before an erasure is never current after it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@gridcase/http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { cliInProcess as cli } from '../helpers/cliInProcess.js'
import { consultation } from '../support/erasureCases.js'
import { demoCall, startDemoServer } from './helpers/demoServer.js'

const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-erasure-etag-'))
let server: RunningServer | undefined
const call = demoCall(() => server as RunningServer)
beforeAll(async () => {
  server = await startDemoServer({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'normal', PERSONAL_DATA_ENCRYPTION: 'on' })
})
afterAll(async () => {
  await server?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

it('a view read before an erasure is not current after it: 200 with "erased", never 304, for the case view and its history, for every view class', async () => {
  const created = await call('hotline-operator', 'POST', '/api/v1/complaints', consultation('欧阳淑芬', '13904719876'))
  expect(created.status).toBe(201)
  const id = String(created.body['id'])
  const paths = [`/api/v1/complaints/${id}`, `/api/v1/complaints/${id}/history`]
  const before = new Map<string, string>()
  for (const role of ['hotline-operator', 'supervisor'])
    for (const path of paths) {
      const read = await call(role, 'GET', path)
      expect(read.status).toBe(200)
      before.set(`${role} ${path}`, read.etag ?? '')
      // Unchanged while nothing was erased: W/"N" for the full view.
      if (role === 'hotline-operator' && path === paths[0]) expect(read.etag).toMatch(/^W\/"\d+"$/)
      // The case view answers a conditional GET. (The history leaves its 304 to express, which sends it whole to fetch:
      // fetch adds `Cache-Control: no-cache` beside If-None-Match. merged-history-etag.test.ts asks through node:http.)
      if (path === paths[0]) expect((await call(role, 'GET', path, undefined, { 'if-none-match': read.etag ?? '' })).status).toBe(304)
    }

  const erased = await cli('erasure', 'erase', id, '--db', join(dataDir, 'gridcase.sqlite'), '--legal-basis', '个人信息保护法 第四十七条', '--approver', 'dpo-1')
  expect(erased.code, erased.stderr).toBe(0)

  for (const role of ['hotline-operator', 'supervisor'])
    for (const path of paths) {
      const again = await call(role, 'GET', path, undefined, { 'if-none-match': before.get(`${role} ${path}`) ?? '' })
      expect(again.status, `${role} ${path}`).toBe(200)
      expect(JSON.stringify(again.body)).toContain('erased')
      expect(JSON.stringify(again.body)).not.toContain('13904719876')
      expect(again.etag).not.toBe(before.get(`${role} ${path}`))
      // The new one is current.
      if (path === paths[0]) expect((await call(role, 'GET', path, undefined, { 'if-none-match': again.etag ?? '' })).status).toBe(304)
    }
})
