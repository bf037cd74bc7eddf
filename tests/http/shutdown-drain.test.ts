// SIGTERM to the server bin while requests are under way: it stops taking new connections, lets the requests it is
// serving finish and answer, then closes its stores and exits 0. Before, the close shut the read models and stores
// first and then destroyed every open connection: a command whose body was still arriving got no answer (a reset),
// though the server had taken it.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Actor } from '@gridcase/core/access'
import { signToken } from '@gridcase/http'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from '../helpers/serverProcess.js'
import { awaiting, until } from '../helpers/until.js'

const SECRET = 'shutdown-drain-secret-shutdown-drain-secret'
const GRID = 'hohhot/saihan/wulanchabu-east-road/community-a/grid-001'
const hotline: Actor = { id: 'op-1', role: 'hotline-operator', jurisdiction: 'hohhot' }

/** A raw HTTP/1.1 exchange whose body is sent in two halves, the second only when `rest()` is called. */
const halfSent = (url: string, path: string, headers: Record<string, string>, body: Buffer) => {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  let answer = ''
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')))
  const ended = new Promise<string>((resolve) => {
    socket.on('close', () => resolve(answer))
    socket.on('error', () => undefined)
  })
  const head = [`POST ${path} HTTP/1.1`, `host: ${hostname}:${port}`, `content-length: ${body.length}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'connection: close', '', ''].join('\r\n')
  const half = Math.floor(body.length / 2)
  const sent = new Promise<void>((resolve) => socket.on('connect', () => socket.write(head + body.subarray(0, half).toString('latin1'), 'latin1', () => resolve())))
  return {
    sent,
    rest: () => socket.write(body.subarray(half)),
    ended,
  }
}

describe('SIGTERM drains the requests under way', () => {
  const servers: ServerProcess[] = []
  const dirs: string[] = []
  afterEach(async () => {
    for (const s of servers.splice(0)) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  it('answers a command and an upload whose bodies were still arriving, refuses new connections, and exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridcase-drain-'))
    dirs.push(dataDir)
    // A grace far longer than the test waits: a live stream left open would hold the exit until the test's timeout.
    const server = spawnServer([], { DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', HTTP_SHUTDOWN_GRACE_MS: '600000' })
    servers.push(server)
    const url = await awaiting('the server to listen', server.listening)
    const token = await signToken({ secret: SECRET }, hotline)
    // A live event stream: it never ends by itself, and must not hold the shutdown.
    const feed = await fetch(`${url}/api/v1/events`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } })
    expect(feed.status).toBe(200)
    const feedEnded = feed.text().then(() => 'ended', () => 'cut')
    const command = halfSent(
      url,
      '/api/v1/complaints',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      Buffer.from(JSON.stringify({ channel: 'hotline-12345', kind: 'help', category: 'heating', title: '暖气不热', description: '暖气一周不热', jurisdiction: GRID })),
    )
    // A PNG's signature and some bytes: an upload under way.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64 * 1024, 7)])
    const upload = halfSent(url, '/api/v1/attachments', { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, png)
    await Promise.all([command.sent, upload.sent])
    // Both requests are in the server's hands (headers read, half of each body) when it is told to stop.
    await new Promise((resolve) => setTimeout(resolve, 300))
    server.child.kill('SIGTERM')
    await until(() => server.output().stdout.includes('SIGTERM'), { state: () => JSON.stringify(server.output()) })
    // New connections are no longer taken.
    await until(async () => (await fetch(`${url}/healthz`).then(() => 'served', () => 'refused')) === 'refused')
    command.rest()
    upload.rest()
    const [commandAnswer, uploadAnswer] = await Promise.all([command.ended, upload.ended])
    expect(commandAnswer, commandAnswer).toMatch(/^HTTP\/1\.1 201 /)
    expect(uploadAnswer, uploadAnswer).toMatch(/^HTTP\/1\.1 201 /)
    expect(await awaiting('the server to exit', server.exited)).toBe(0)
    // The stream was ended by the server (its body complete), not cut when the process went.
    expect(await feedEnded).toBe('ended')
    // No upload left half-written.
    expect(readdirSync(join(dataDir, 'attachments', 'tmp')).length).toBe(0)

    // What it answered is there after a restart.
    const again = spawnServer([], { DATA_DIR: dataDir, GRIDCASE_JWT_SECRET: SECRET, LOG_LEVEL: 'warn', GRIDCASE_PROCESSES: 'off' })
    servers.push(again)
    const url2 = await awaiting('the restarted server to listen', again.listening)
    const id = /"id":"([^"]+)"/.exec(commandAnswer)?.[1] ?? ''
    const read = await fetch(`${url2}/api/v1/complaints/${id}`, { headers: { authorization: `Bearer ${token}` } })
    expect(read.status).toBe(200)
    const sha = /"sha256":"([0-9a-f]{64})"/.exec(uploadAnswer)?.[1] ?? ''
    expect((await fetch(`${url2}/api/v1/attachments/${sha}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    await again.stop()
  }, 120_000)
})
