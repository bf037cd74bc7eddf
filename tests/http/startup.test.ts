// The server bin as an operator starts it: which sign-in, which tokens, which file modes.
import { signToken } from '@gridcase/http'
import Database from 'better-sqlite3'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeBigLog } from './helpers/bigLog.js'
import { runChild, startChild } from './helpers/child.js'
import { startRealServer } from './helpers/realServer.js'
import { until } from '../helpers/until.js'

const SECRET = 'startup-secret-startup-secret-startup!'
const dirs: string[] = []
const tempDir = () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gridcase-startup-')), 'data')
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(join(dir, '..'), { recursive: true, force: true })
})

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/

/** Every file under the data directory is 0600 and every folder in it (attachments/, …) 0700, all the way down. */
const expectPrivate = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = statSync(path)
    expect(stat.mode & 0o777, path).toBe(stat.isDirectory() ? 0o700 : 0o600)
    if (stat.isDirectory()) expectPrivate(path)
  }
}

describe('the server bin', () => {
  it('started with a secret prints no token and writes no token file; data files are 0600 and the directory 0700', async () => {
    const dir = tempDir()
    const server = await startChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'info' })
    try {
      const health = await fetch(`${server.url}/healthz`)
      expect(await health.json()).toEqual({ status: 'ok' })
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
    } finally {
      await server.stop()
    }
    expect(server.output()).not.toMatch(JWT)
    expect(server.output()).not.toMatch(/demo/i)
    const files = readdirSync(dir)
    expect(files).not.toContain('demo-tokens.env')
    expect(files).not.toContain('dev-jwt-secret')
    expect(files).toContain('gridcase.sqlite')
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expectPrivate(dir)
  }, 60_000)

  it('prints demo tokens only with --demo, and then they work', async () => {
    const dir = tempDir()
    const server = await startChild({ DATA_DIR: dir }, ['--demo'])
    try {
      // The tokens are printed once the server listens: wait for the last line of them.
      await until(() => server.output().includes('dashboard page:'), { state: server.output })
      const token = JWT.exec(server.output())?.[0]
      expect(token).toBeDefined()
      const res = await fetch(`${server.url}/api/v1/complaints`, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
    } finally {
      await server.stop()
    }
    expectPrivate(dir)
  }, 60_000)

  it('refuses --demo beside a secret, and refuses to start with no sign-in at all', async () => {
    const withSecret = await runChild({ DATA_DIR: tempDir(), GRIDCASE_JWT_SECRET: SECRET }, ['--demo'])
    expect(withSecret.code).not.toBe(0)
    expect(withSecret.output).toContain('--demo')
    expect(withSecret.output).not.toMatch(JWT)
    const nothing = await runChild({ DATA_DIR: tempDir() })
    expect(nothing.code).not.toBe(0)
    expect(nothing.output).toContain('--demo')
  }, 60_000)

  it('refuses to start with a committee file that breaks the rules, naming the file, the field and the rule', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const file = join(dir, '..', 'committees.json')
    writeFileSync(file, JSON.stringify({ format: 'gridcase-committees/1', centres: [], committees: [{ id: 'm', name: '医调委', kind: 'medical', jurisdiction: 'hohhot/saihan', mediators: [{ id: 'a', name: '甲' }] }] }))
    const refused = await runChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_COMMITTEES: file })
    expect(refused.code).not.toBe(0)
    expect(refused.output).toContain(`${file}: committees[0].centre is required for a medical committee: the centre it sits in`)
  }, 60_000)

  it('refuses to start on a tree-head key it cannot use, naming the variable (before: an OpenSSL decoder error or EISDIR, naming nothing)', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const notAKey = join(dir, '..', 'head.pem')
    writeFileSync(notAKey, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n')
    for (const [env, named] of [
      [{ GRIDCASE_HEAD_KEY: 'garbage' }, 'GRIDCASE_HEAD_KEY: expected an Ed25519 private key in PEM'],
      [{ GRIDCASE_HEAD_KEY_FILE: notAKey }, `GRIDCASE_HEAD_KEY_FILE (${notAKey}): expected an Ed25519 private key in PEM`],
      [{ GRIDCASE_HEAD_KEY_FILE: dir }, `GRIDCASE_HEAD_KEY_FILE (${dir}): EISDIR`],
    ] as const) {
      await expect(startRealServer('head-key', env), named).rejects.toThrow(named)
    }
  }, 60_000)

  it('refuses to start where it cannot listen, naming HOST and PORT (before: getaddrinfo ENOTFOUND or EADDRINUSE alone)', async () => {
    // A refused start leaves no data folder behind (counted before and after: older runs' may be there).
    const folders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('gridcase-listen-host-')).length
    const before = folders()
    await expect(startRealServer('listen-host', { HOST: 'no-such-host.invalid' })).rejects.toThrow(/^HOST and PORT \(no-such-host\.invalid:0\): .*ENOTFOUND/)
    expect(folders()).toBe(before)
    const taken = await startRealServer('listen-port')
    try {
      const port = new URL(taken.server.url).port
      await expect(startRealServer('listen-port-again', { PORT: port })).rejects.toThrow(`HOST and PORT (127.0.0.1:${port}): `)
      await expect(startRealServer('listen-metrics', { METRICS_PORT: port })).rejects.toThrow(`METRICS_PORT (127.0.0.1:${port}): `)
    } finally {
      await taken.close()
    }
  }, 60_000)

  it('refuses to start on a jurisdiction registry it cannot use, naming the file and the entry', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const file = join(dir, '..', 'jurisdictions.json')
    writeFileSync(file, JSON.stringify({ format: 'gridcase-jurisdictions/1', jurisdictions: [{ code: 'hohhot/saihan', name: '赛罕区', level: 'street' }] }))
    const bad = await runChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET, GRIDCASE_JURISDICTIONS: file })
    expect(bad.code).not.toBe(0)
    expect(bad.output).toContain(`${file}: jurisdictions[0].level`)
    expect(bad.output).toContain('is a district, not a street')
  }, 60_000)

  it('serves /metrics on its own port when METRICS_PORT is set, with METRICS_TOKEN as its bearer', async () => {
    const server = await startChild({ DATA_DIR: tempDir(), GRIDCASE_JWT_SECRET: SECRET, METRICS_PORT: '0', METRICS_TOKEN: SECRET })
    try {
      await until(() => server.output().includes('metrics on'), { state: server.output })
      const url = /metrics on (http:\/\/\S+)/.exec(server.output())?.[1]
      expect(url).toBeDefined()
      expect((await fetch(`${url}`)).status).toBe(401)
      const scraped = await fetch(`${url}`, { headers: { authorization: `Bearer ${SECRET}` } })
      expect(scraped.status).toBe(200)
      const text = await scraped.text()
      expect(text).toContain('gridcase_http_requests_total')
      // The Merkle tree follows the SQLite log on a worker thread: how far behind it is, and how often it restarted.
      expect(text).toMatch(/^gridcase_tree_lag_events \d+$/m)
      expect(text).toMatch(/^gridcase_tree_lag_seconds [\d.e-]+$/m)
      expect(text).toMatch(/^gridcase_tree_thread_restarts 0$/m)
      expect((await fetch(`${server.url}/metrics`)).status).toBe(404)
    } finally {
      await server.stop()
    }
  }, 60_000)
})

describe('verify on the server (a worker thread over the SQLite file)', () => {
  it('counts every event, and the next run (full or not) finds an event altered in the file after a verify', async () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    await writeBigLog(join(dir, 'gridcase.sqlite'), 3, 2)
    const server = await startChild({ DATA_DIR: dir, GRIDCASE_JWT_SECRET: SECRET })
    try {
      const auditor = await signToken({ secret: SECRET }, { id: 'aud', role: 'auditor', jurisdiction: 'hohhot' })
      const verify = async (query = '') =>
        (await (await fetch(`${server.url}/api/v1/audit/verify${query}`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as { ok: boolean; events: number; brokenLinks: { position: number }[] }
      expect(await verify()).toMatchObject({ ok: true, events: 9, brokenLinks: [] })
      const db = new Database(join(dir, 'gridcase.sqlite'))
      db.prepare("UPDATE events SET data = json_set(data, '$.note', 'rewritten') WHERE position = 4").run()
      db.close()
      const next = await verify()
      expect(next).toMatchObject({ ok: false, events: 9 })
      expect(next.brokenLinks.map((l) => l.position)).toEqual([4])
      const full = await verify('?full=true')
      expect(full.ok).toBe(false)
      expect(full.brokenLinks.map((l) => l.position)).toEqual([4])
    } finally {
      await server.stop()
    }
  }, 60_000)
})
